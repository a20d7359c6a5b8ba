package dev.lmkit.agreement;

import dev.lmkit.Home;
import dev.lmkit.LmkitException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;

/**
 * The synthetic agreement grammar of {@code corpora/agreement-grammar.yaml}: generates English-like
 * sentences whose main verb agrees with a subject that may be followed by prepositional phrases and
 * relative clauses holding attractor nouns of the other number.
 */
public record AgreementGrammar(List<String> determiners, List<List<String>> nouns, List<List<String>> transitive,
                               List<List<String>> intransitive, List<String> copula, List<List<String>> complementVerbs,
                               List<String> adjectives,
                               List<String> prepositions, String complementizer, Map<SentenceShape, Integer> shapes,
                               double adjectiveRate) {

    public static final Path DEFAULT = Path.of("corpora", "agreement-grammar.yaml");
    private static final int SG = 0, PL = 1;

    /**
     * One generated sentence. {@code verb} is the index of the main verb in {@code words};
     * {@code wrongVerb} is its form for the other number; {@code attractors} counts the nouns between
     * subject and verb whose number differs from the subject's; {@code subject} is the agreeing subject's index and
     * {@code nouns} those of the nouns between it and the verb, attractors or not.
     */
    public record Sentence(List<String> words, int verb, String wrongVerb, int attractors, SentenceShape shape, boolean pluralSubject,
                           int subject, List<Integer> nouns) {
        public List<String> prefix() {
            return words.subList(0, verb);
        }

        public String text() {
            return String.join(" ", words);
        }
    }

    /** The grammar in {@code corpora/agreement-grammar.yaml}, the quickstart's. */
    public static AgreementGrammar standard() {
        return load(Home.resolve(DEFAULT));
    }

    @SuppressWarnings("unchecked")
    public static AgreementGrammar load(Path file) {
        Map<String, Object> tree;
        try {
            tree = new org.yaml.snakeyaml.Yaml().load(Files.readString(file));
        } catch (IOException e) {
            throw new LmkitException("cannot read grammar " + file + ": " + e.getMessage());
        }
        try {
            Map<SentenceShape, Integer> shapes = new LinkedHashMap<>();
            ((Map<String, Integer>) tree.get("shapes")).forEach((k, v) -> shapes.put(SentenceShape.of(k), v));
            return new AgreementGrammar((List<String>) tree.get("determiners"), (List<List<String>>) tree.get("nouns"),
                    (List<List<String>>) tree.get("transitive"), (List<List<String>>) tree.get("intransitive"),
                    (List<String>) tree.get("copula"), (List<List<String>>) tree.get("complement_verbs"),
                    (List<String>) tree.get("adjectives"),
                    (List<String>) tree.get("prepositions"), (String) tree.get("complementizer"),
                    shapes, ((Number) tree.get("adjective_rate")).doubleValue());
        } catch (LmkitException e) {
            throw new LmkitException(e.getMessage() + " in grammar " + file);
        } catch (RuntimeException e) {
            throw new LmkitException("grammar file is malformed (" + e.getMessage() + "): " + file);
        }
    }

    /** A sentence of a shape drawn by the configured weights. */
    public Sentence sentence(SplittableRandom r) {
        int total = shapes.values().stream().mapToInt(Integer::intValue).sum();
        int pick = r.nextInt(total);
        for (var e : shapes.entrySet()) {
            if ((pick -= e.getValue()) < 0) return sentence(e.getKey(), r.nextBoolean(), r);
        }
        throw new IllegalStateException("no shapes");
    }

    /**
     * A sentence of the given shape and subject number; modifier nouns take random numbers. In
     * {@code complement} the agreeing subject is the embedded one and the matrix subject is the
     * attractor; in the coordination shapes the verb that counts is the second conjunct.
     */
    public Sentence sentence(SentenceShape shape, boolean pluralSubject, SplittableRandom r) {
        int subject = pluralSubject ? PL : SG;
        List<String> w = new ArrayList<>();
        int[] attractors = {0};
        if (shape == SentenceShape.COMPLEMENT) {
            int matrix = modifierNoun(w, subject, attractors, r);
            w.add(pick(complementVerbs, r).get(matrix));
            w.add(complementizer);
        }
        nounPhrase(w, subject, r);
        int subjectIndex = w.size() - 1;
        switch (shape) {
            case SIMPLE, COMPLEMENT, VP_COORD_SHORT, VP_COORD_LONG -> { }
            case PP -> prepositional(w, subject, attractors, r);
            case PP_PP -> {
                prepositional(w, subject, attractors, r);
                prepositional(w, subject, attractors, r);
            }
            case SUBJECT_RC -> {
                w.add(complementizer);
                w.add(pick(transitive, r).get(subject));
                modifierNoun(w, subject, attractors, r);
            }
            case OBJECT_RC, OBJECT_RC_NO_THAT -> {
                if (shape == SentenceShape.OBJECT_RC) w.add(complementizer);
                int inner = modifierNoun(w, subject, attractors, r);
                w.add(pick(transitive, r).get(inner));
            }
        }
        if (shape == SentenceShape.VP_COORD_SHORT || shape == SentenceShape.VP_COORD_LONG) {
            if (shape == SentenceShape.VP_COORD_SHORT) {
                w.add(pick(intransitive, r).get(subject));
            } else {
                w.add(pick(transitive, r).get(subject));
                modifierNoun(w, subject, attractors, r);
            }
            w.add("and");
            List<String> v = pick(intransitive, r);
            int verbIndex = w.size();
            w.add(v.get(subject));
            return new Sentence(List.copyOf(w), verbIndex, v.get(1 - subject), attractors[0], shape, pluralSubject, subjectIndex,
                    nounsBetween(w, subjectIndex, verbIndex));
        }
        int verbIndex = w.size();
        String wrong;
        switch (r.nextInt(3)) {
            case 0 -> {
                List<String> v = pick(transitive, r);
                w.add(v.get(subject));
                wrong = v.get(1 - subject);
                nounPhrase(w, r.nextInt(2), r);
            }
            case 1 -> {
                List<String> v = pick(intransitive, r);
                w.add(v.get(subject));
                wrong = v.get(1 - subject);
            }
            default -> {
                w.add(copula.get(subject));
                wrong = copula.get(1 - subject);
                w.add(pick(adjectives, r));
            }
        }
        return new Sentence(List.copyOf(w), verbIndex, wrong, attractors[0], shape, pluralSubject, subjectIndex,
                nounsBetween(w, subjectIndex, verbIndex));
    }

    private List<Integer> nounsBetween(List<String> w, int subject, int verb) {
        List<Integer> at = new ArrayList<>();
        for (int i = subject + 1; i < verb; i++) {
            for (List<String> forms : nouns) if (forms.contains(w.get(i))) at.add(i);
        }
        return List.copyOf(new LinkedHashSet<>(at));
    }

    private void prepositional(List<String> w, int subject, int[] attractors, SplittableRandom r) {
        w.add(pick(prepositions, r));
        modifierNoun(w, subject, attractors, r);
    }

    private int modifierNoun(List<String> w, int subject, int[] attractors, SplittableRandom r) {
        int number = r.nextInt(2);
        if (number != subject) attractors[0]++;
        nounPhrase(w, number, r);
        return number;
    }

    private void nounPhrase(List<String> w, int number, SplittableRandom r) {
        w.add(pick(determiners, r));
        if (r.nextDouble() < adjectiveRate) w.add(pick(adjectives, r));
        w.add(pick(nouns, r).get(number));
    }

    private static <T> T pick(List<T> list, SplittableRandom r) {
        return list.get(r.nextInt(list.size()));
    }

    /** Marks a directory whose corpus files generate wrote, and may write again. */
    static final String GENERATED = ".lmkit-generated";

    /**
     * Writes train.txt, valid.txt and test.txt (a twentieth each, at least 100 lines) to {@code dir}; the same seed gives
     * the same files. A file of that name that generate did not write is never replaced: unless it already holds exactly
     * these sentences, nothing is written.
     */
    public void writeSplits(Path dir, int sentences, long seed) {
        java.util.Map<String, List<String>> files = new java.util.LinkedHashMap<>();
        files.put("train.txt", lines(sentences, seed));
        files.put("valid.txt", lines(Math.max(100, sentences / 20), seed + 1));
        files.put("test.txt", lines(Math.max(100, sentences / 20), seed + 2));
        boolean ours = Files.exists(dir.resolve(GENERATED));
        for (var f : files.entrySet()) {
            Path file = dir.resolve(f.getKey());
            dev.lmkit.OutputFiles.refuseLink(file);
            try {
                if (!ours && Files.exists(file) && !Files.readAllLines(file).equals(f.getValue())) {
                    throw new LmkitException("refusing to overwrite " + file + " (generate did not write it): remove it or give another --out");
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                throw new LmkitException("refusing to overwrite " + file + " (unreadable: " + e.getMessage() + ")");
            }
        }
        for (var f : files.entrySet()) write(dir.resolve(f.getKey()), f.getValue());
        write(dir.resolve(GENERATED), List.of("train.txt, valid.txt and test.txt here come from ./lmkit corpus generate"));
    }

    /** Writes {@code count} sentences, one per line. */
    public void writeCorpus(Path file, int count, long seed) {
        write(file, lines(count, seed));
    }

    private List<String> lines(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) lines.add(sentence(r).text());
        return lines;
    }

    private static void write(Path file, List<String> lines) {
        try {
            dev.lmkit.OutputFiles.write(file, temp -> Files.write(temp, lines));
        } catch (IOException e) {
            throw new LmkitException("cannot write " + file + ": " + e.getMessage());
        }
    }

    /** Test sentences with exactly {@code attractors} attractors, in shapes that can hold that many. */
    public List<Sentence> testSentences(int attractors, int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed * 31 + attractors);
        List<SentenceShape> candidates = shapes.keySet().stream().filter(s -> s.capacity() >= attractors).toList();
        List<Sentence> out = new ArrayList<>();
        for (int tries = 0; out.size() < count && tries < count * 1000; tries++) {
            Sentence s = sentence(candidates.get(r.nextInt(candidates.size())), r.nextBoolean(), r);
            if (s.attractors() == attractors) out.add(s);
        }
        return out;
    }

}
