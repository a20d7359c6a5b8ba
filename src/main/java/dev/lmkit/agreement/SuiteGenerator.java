package dev.lmkit.agreement;

import dev.lmkit.LmkitException;
import dev.lmkit.corpus.AgreementGrammar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;

/**
 * Writes minimal-pair TSV suites in the spirit of Marvin & Linzen (2018) from the quickstart grammar:
 * one file per construction, each crossing singular/plural subject with a matching/mismatching
 * attractor where the construction has one, {@code perCondition} pairs per cell.
 */
public final class SuiteGenerator {
    static final Map<String, String> SUITES = new LinkedHashMap<>();

    static {
        SUITES.put("simple_agreement", "simple");
        SUITES.put("across_prepositional_phrase", "pp");
        SUITES.put("across_subject_relative_clause", "subject_rc");
        SUITES.put("across_object_relative_clause", "object_rc");
        SUITES.put("across_object_relative_clause_no_that", "object_rc_no_that");
        SUITES.put("in_sentential_complement", "complement");
        SUITES.put("short_vp_coordination", "vp_coord_short");
        SUITES.put("long_vp_coordination", "vp_coord_long");
    }

    private SuiteGenerator() {
    }

    public static List<Path> write(AgreementGrammar grammar, Path dir, long seed, int perCondition) {
        List<Path> files = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (var e : SUITES.entrySet()) {
                Path file = dir.resolve(e.getKey() + ".tsv");
                Files.write(file, rows(grammar, e.getValue(), new SplittableRandom(seed ^ e.getKey().hashCode()), perCondition));
                files.add(file);
            }
        } catch (IOException e) {
            throw new LmkitException("cannot write suites to " + dir + ": " + e.getMessage());
        }
        return files;
    }

    static List<String> rows(AgreementGrammar grammar, String shape, SplittableRandom r, int perCondition) {
        boolean hasAttractor = !shape.equals("simple") && !shape.equals("vp_coord_short");
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
            rows.add(cell + "\t" + s.attractors() + "\t" + s.text() + "\t" + String.join(" ", bad));
            if (cells.values().stream().allMatch(c -> c.size() >= perCondition)) break;
        }
        List<String> out = new ArrayList<>(List.of("sub_case\tattractors\tgrammatical\tungrammatical"));
        cells.values().forEach(out::addAll);
        return out;
    }
}
