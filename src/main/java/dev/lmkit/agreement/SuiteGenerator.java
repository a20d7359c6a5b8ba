package dev.lmkit.agreement;

import dev.lmkit.LmkitException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;

/**
 * Writes minimal-pair TSV suites in the spirit of Marvin &amp; Linzen (2018) from the quickstart grammar:
 * one file per construction, each crossing singular/plural subject with a matching/mismatching
 * attractor where the construction has one, {@code perCondition} pairs per cell; each row says where the subject
 * is, its number and where the nouns between it and the verb are ({@link SubjectNumber}: what a probe reads).
 */
public final class SuiteGenerator {
    private SuiteGenerator() {
    }

    public static List<Path> write(AgreementGrammar grammar, Path dir, long seed, int perCondition) {
        List<Path> files = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (SentenceShape shape : SentenceShape.values()) {
                if (shape.suite() == null) continue;
                Path file = dir.resolve(shape.suite() + ".tsv");
                Files.write(file, rows(grammar, shape, new SplittableRandom(seed ^ shape.suite().hashCode()), perCondition));
                files.add(file);
            }
        } catch (IOException e) {
            throw new LmkitException("cannot write suites to " + dir + ": " + e.getMessage());
        }
        return files;
    }

    static List<String> rows(AgreementGrammar grammar, SentenceShape shape, SplittableRandom r, int perCondition) {
        boolean hasAttractor = shape.capacity() > 0;
        Map<String, List<String>> cells = new TreeMap<>();
        for (String subject : List.of("sg", "pl")) {
            for (String attractor : hasAttractor ? List.of("match", "mismatch") : List.of("none")) {
                cells.put(subject + "_subject/" + attractor + "_attractor", new ArrayList<>());
            }
        }
        Set<String> seen = new HashSet<>();
        for (int tries = 0; tries < perCondition * cells.size() * 200; tries++) {
            boolean plural = r.nextBoolean();
            AgreementGrammar.Sentence s = grammar.sentence(shape, plural, r);
            String cell = (plural ? "pl" : "sg") + "_subject/" + (!hasAttractor ? "none" : s.attractors() > 0 ? "mismatch" : "match") + "_attractor";
            List<String> rows = cells.get(cell);
            if (rows.size() >= perCondition || !seen.add(s.text())) continue;
            List<String> bad = new ArrayList<>(s.words());
            bad.set(s.verb(), s.wrongVerb());
            rows.add(cell + "\t" + s.attractors() + "\t" + s.text() + "\t" + String.join(" ", bad) + "\t" + s.subject()
                    + "\t" + (plural ? "pl" : "sg") + "\t" + SubjectNumber.indices(s.nouns()));
            if (cells.values().stream().allMatch(c -> c.size() >= perCondition)) break;
        }
        List<String> out = new ArrayList<>(List.of("sub_case\tattractors\tgrammatical\tungrammatical\tsubject_index\tsubject_number\tattractor_index"));
        cells.values().forEach(out::addAll);
        return out;
    }
}
