package dev.lmkit.agreement;

import java.util.List;

/**
 * What a probe needs to know about an agreement item: its sentence as words (up to the agreeing verb, at least), the
 * subject's number and where the subject, the nouns between it and the verb, and the verb are (word indices). Suites
 * mined by {@code agreement mine} and written by {@code agreement generate} carry it; the other formats do not say
 * where the subject is.
 */
public record SubjectNumber(List<String> words, int subject, List<Integer> attractors, int verb, boolean plural) {
    public SubjectNumber {
        words = List.copyOf(words);
        attractors = List.copyOf(attractors);
        if (subject < 0 || subject >= verb || verb >= words.size()) {
            throw new IllegalArgumentException("subject " + subject + " must come before the verb " + verb + " in " + words.size() + " words");
        }
        for (int a : attractors) {
            if (a <= subject || a >= verb) throw new IllegalArgumentException("attractor " + a + " is not between subject and verb");
        }
    }

    /** Word indices as a column writes them: "4,7", or "-" for none. */
    public static String indices(List<Integer> positions) {
        return positions.isEmpty() ? "-" : String.join(",", positions.stream().map(String::valueOf).toList());
    }

    static List<Integer> parseIndices(String column) {
        if (column.isBlank() || column.equals("-")) return List.of();
        return java.util.Arrays.stream(column.split(",")).map(String::trim).map(Integer::parseInt).toList();
    }
}
