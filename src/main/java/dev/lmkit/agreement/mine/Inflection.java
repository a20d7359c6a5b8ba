package dev.lmkit.agreement.mine;

import java.util.Locale;
import java.util.Map;

/**
 * The same English verb with the other grammatical number: "are" for "is", "run" for "runs", "watches" for
 * "watch". Irregular forms from a table, regular ones from the lemma and the third-person -s rules.
 */
final class Inflection {
    private static final Map<String, String> IRREGULAR = Map.of(
            "is", "are", "are", "is", "was", "were", "were", "was", "has", "have", "have", "has");

    private Inflection() {
    }

    /** Whether a tag marks a verb form that agrees in number: VBZ (3rd singular present), VBP (non-3rd present), VBD was/were. */
    static boolean agrees(String word, String tag) {
        String w = word.toLowerCase(Locale.ROOT);
        return tag.equals("VBZ") || tag.equals("VBP") && !w.equals("am") || tag.equals("VBD") && (w.equals("was") || w.equals("were"));
    }

    /** True for VBZ and "was": the form a singular subject takes. */
    static boolean singular(String word, String tag) {
        return tag.equals("VBZ") || word.equalsIgnoreCase("was");
    }

    /** The other-number form of an agreeing verb, in the word's case, or null when it cannot be made. */
    static String otherNumber(String word, String tag, String lemma) {
        String w = word.toLowerCase(Locale.ROOT);
        String other = IRREGULAR.get(w);
        if (other == null) {
            String l = lemma == null ? "" : lemma.toLowerCase(Locale.ROOT);
            if (!l.matches("[a-z]+(-[a-z]+)*") || l.equals("be") || l.equals("have")) return null;
            if (tag.equals("VBZ")) {
                if (!thirdSingular(l).equals(w)) return null; // a form the rules do not explain: no reliable plural
                other = l;
            } else if (tag.equals("VBP")) {
                if (!l.equals(w)) return null;
                other = thirdSingular(l);
            } else {
                return null;
            }
        }
        return word.equals(w) ? other : Character.toUpperCase(other.charAt(0)) + other.substring(1);
    }

    /** "runs", "watches", "tries", "goes", "does", "plays": the third-person singular present of a regular verb. */
    static String thirdSingular(String lemma) {
        if (lemma.matches(".*(s|x|z|ch|sh|o)")) return lemma + "es";
        if (lemma.matches(".*[^aeiou]y")) return lemma.substring(0, lemma.length() - 1) + "ies";
        return lemma + "s";
    }
}
