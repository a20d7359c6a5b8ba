package dev.lmkit.agreement;

import dev.lmkit.Json;
import dev.lmkit.LmkitException;
import dev.lmkit.corpus.CorpusReader;
import org.nd4j.shade.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;

/**
 * Reads agreement suites in the formats of the original tools, detected from the file: BLiMP JSONL
 * ({@code .jsonl}), minimal-pair TSV ({@code .tsv} with grammatical/ungrammatical or good/bad
 * columns), colorlessgreenRNNs target-word triples ({@code X.text}, {@code X.eval}, {@code X.gold}; the gold file with 10
 * columns as in their generated set or 4 as in their linzen_testset)
 * and SyntaxGym test suites ({@code .json}). A directory reads every suite file in it.
 */
public final class SuiteReader {
    public static final List<String> FORMATS = List.of("blimp", "tsv", "target-word", "syntaxgym");

    private SuiteReader() {
    }

    public static List<Suite> read(Path path, String format, boolean carryState) {
        if (!Files.exists(path)) throw new LmkitException("suite not found: " + path);
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(path)) {
            Set<String> stems = new HashSet<>();
            for (Path f : CorpusReader.files(path, "suite")) {
                String n = f.getFileName().toString();
                if (n.endsWith(".md")) continue;
                if (n.matches(".*\\.(text|eval|gold)$")) {
                    if (stems.add(n.replaceAll("\\.(text|eval|gold)$", ""))) files.add(f);
                } else if (detect(f) != null) {
                    files.add(f);
                }
            }
            if (files.isEmpty()) throw new LmkitException("no suite files (.jsonl, .tsv, .json, .text/.eval/.gold) in " + path);
        } else {
            files.add(path);
        }
        List<Suite> suites = new ArrayList<>();
        for (Path f : files) {
            String fmt = format != null ? format : detect(f);
            if (fmt == null) throw new LmkitException("cannot tell the suite format of " + f + " (use --format " + String.join("|", FORMATS) + ")");
            suites.add(switch (fmt) {
                case "blimp" -> blimp(f);
                case "tsv" -> tsv(f);
                case "target-word" -> targetWords(f, carryState);
                case "syntaxgym" -> syntaxGym(f);
                default -> throw new LmkitException("unknown suite format '" + fmt + "' (one of " + String.join(", ", FORMATS) + ")");
            });
        }
        return suites;
    }

    static String detect(Path f) {
        String n = f.getFileName().toString();
        if (n.endsWith(".jsonl")) return "blimp";
        if (n.endsWith(".tsv")) return "tsv";
        if (n.matches(".*\\.(text|eval|gold)$")) return "target-word";
        if (n.endsWith(".json")) return "syntaxgym";
        return null;
    }

    private static String stem(Path f) {
        return f.getFileName().toString().replaceAll("\\.(jsonl|tsv|json|text|eval|gold)$", "");
    }

    static MinimalPairs blimp(Path f) {
        List<MinimalPairs.Pair> pairs = new ArrayList<>();
        int lineNo = 0;
        String uid = null;
        for (String line : CorpusReader.lines(f, "suite")) {
            lineNo++;
            if (line.isBlank()) continue;
            JsonNode o = json(line, f, lineNo);
            String good = text(o, "sentence_good", f, lineNo), bad = text(o, "sentence_bad", f, lineNo);
            uid = o.path("UID").asText(stem(f));
            List<String> groups = new ArrayList<>(List.of("UID=" + uid));
            if (o.has("linguistics_term")) groups.add("linguistics_term=" + o.get("linguistics_term").asText());
            pairs.add(new MinimalPairs.Pair(o.path("pairID").asText(String.valueOf(lineNo)), good, bad, groups));
        }
        return new MinimalPairs(uid != null ? uid : stem(f), "blimp", pairs);
    }

    static MinimalPairs tsv(Path f) {
        List<String> lines = CorpusReader.lines(f, "suite").stream().filter(l -> !l.isBlank()).toList();
        List<String> header = List.of(lines.get(0).split("\t", -1));
        int good = column(header, f, "grammatical", "good");
        int bad = column(header, f, "ungrammatical", "bad");
        List<String[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] row = lines.get(i).split("\t", -1);
            if (row.length != header.size()) {
                throw new LmkitException("row " + (i + 1) + " has " + row.length + " columns, the header " + header.size() + ": " + f);
            }
            rows.add(row);
        }
        List<Integer> groupColumns = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            final int col = c;
            long values = rows.stream().map(r -> r[col]).distinct().count();
            if (c != good && c != bad && isGrouping(header.get(c), values, rows.size())) groupColumns.add(c);
        }
        List<MinimalPairs.Pair> pairs = new ArrayList<>();
        boolean subjects = header.containsAll(List.of("subject_index", "subject_number", "attractor_index"));
        for (int i = 0; i < rows.size(); i++) {
            String[] row = rows.get(i);
            List<String> groups = new ArrayList<>();
            for (int c : groupColumns) groups.add(header.get(c) + "=" + row[c]);
            SubjectNumber subject = subjects ? subject(row, header, row[good], row[bad], f, i + 2) : null;
            pairs.add(new MinimalPairs.Pair(String.valueOf(i + 1), row[good], row[bad], groups, subject));
        }
        return new MinimalPairs(stem(f), "tsv", pairs);
    }

    /** The subject columns {@code agreement generate} writes; the verb is the first word where the sentences differ. */
    private static SubjectNumber subject(String[] row, List<String> header, String good, String bad, Path f, int line) {
        List<String> g = List.of(good.trim().split("\\s+")), b = List.of(bad.trim().split("\\s+"));
        int verb = 0;
        while (verb < g.size() && verb < b.size() && g.get(verb).equals(b.get(verb))) verb++;
        try {
            String number = row[header.indexOf("subject_number")];
            if (!number.equals("sg") && !number.equals("pl")) throw new IllegalArgumentException("subject_number must be sg or pl");
            return new SubjectNumber(g, Integer.parseInt(row[header.indexOf("subject_index")]),
                    SubjectNumber.parseIndices(row[header.indexOf("attractor_index")]), verb, number.equals("pl"));
        } catch (IllegalArgumentException e) {
            throw new LmkitException("line " + line + ": bad subject columns (" + e.getMessage() + "): " + f);
        }
    }

    /** Id-like columns (by name, or groups of fewer than {@link #MIN_GROUP} items on average, as M&L's idx pairs) are no breakdown. */
    static boolean isGrouping(String column, long values, int rows) {
        if (column.matches("(?i)(id|idx|index|item|item_?(id|number)|pair_?id|sent(ence)?_?id|subject_(index|number)|attractor_index)")) return false;
        return values * MIN_GROUP <= rows;
    }

    static final int MIN_GROUP = 3;

    private static int column(List<String> header, Path f, String... names) {
        for (String n : names) if (header.contains(n)) return header.indexOf(n);
        throw new LmkitException("TSV suite needs a column named " + String.join(" or ", names) + ": " + f);
    }

    static TargetWords targetWords(Path any, boolean carryState) {
        String base = any.toString().replaceAll("\\.(text|eval|gold)$", "");
        List<String> text = CorpusReader.lines(Path.of(base + ".text"), "suite");
        List<String> eval = CorpusReader.lines(Path.of(base + ".eval"), "suite");
        List<String> gold = CorpusReader.lines(Path.of(base + ".gold"), "suite");
        if (text.size() != eval.size() || text.size() != gold.size()) {
            throw new LmkitException("target-word files differ in length (text " + text.size() + ", eval " + eval.size()
                    + ", gold " + gold.size() + " lines): " + base + ".*");
        }
        List<TargetWords.Item> items = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            String[] g = gold.get(i).split("\t");
            List<String> tokens = List.of(text.get(i).trim().split("\\s+"));
            int target;
            try {
                target = Integer.parseInt(eval.get(i).trim().split("\\s+")[0]);
            } catch (NumberFormatException e) {
                throw new LmkitException("line " + (i + 1) + " of the .eval file is not a token index: " + base + ".eval");
            }
            boolean linzen = g.length == 4; // Linzen et al.'s set as Gulordava et al. filtered it: index, correct, wrong, attractors
            if (!linzen && g.length < 10 || target < 0 || target >= tokens.size()) {
                throw new LmkitException("line " + (i + 1) + " of the target-word files is malformed (gold needs 4 columns as in "
                        + "linzen_testset or 10 as in Gulordava et al.'s generated set, the index must point into the sentence): " + base + ".gold");
            }
            if (linzen) {
                items.add(new TargetWords.Item("line " + (i + 1), tokens, target, g[1], g[2], List.of("n_attr=" + g[3])));
            } else {
                List<String> groups = List.of("n_attr=" + g[9], "sentences=" + ("0".equals(g[2]) ? "original" : "nonce"), "pattern=" + g[0]);
                items.add(new TargetWords.Item(g[1] + "/" + g[2], tokens, target, g[6], g[7], groups, minedSubject(g, tokens, target, base, i + 1)));
            }
        }
        return new TargetWords(Path.of(base).getFileName().toString(), items, carryState);
    }

    /** A mined item's subject: its number (column 6), index (12) and the attractors' indices (13; older files lack it). */
    private static SubjectNumber minedSubject(String[] g, List<String> tokens, int target, String base, int line) {
        if (g.length < 12) return null;
        try {
            List<Integer> attractors = g.length > 12 ? SubjectNumber.parseIndices(g[12]) : List.of();
            return new SubjectNumber(tokens, Integer.parseInt(g[11]), attractors, target, g[5].equals("plur"));
        } catch (IllegalArgumentException e) {
            throw new LmkitException("line " + line + " of the .gold file has bad subject columns (" + e.getMessage() + "): " + base + ".gold");
        }
    }

    static SyntaxGymSuite syntaxGym(Path f) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readString(f));
        } catch (IOException e) {
            throw new LmkitException("SyntaxGym suite is not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + "): " + f);
        }
        if (!root.has("items") || !root.has("predictions")) throw new LmkitException("SyntaxGym suite needs 'items' and 'predictions': " + f);
        List<String> predictions = new ArrayList<>();
        for (JsonNode p : root.get("predictions")) predictions.add(p.path("formula").asText());
        List<SyntaxGymSuite.Item> items = new ArrayList<>();
        for (JsonNode item : root.get("items")) {
            Map<String, List<String>> conditions = new LinkedHashMap<>();
            String itemId = item.path("item_number").asText("?");
            if (!item.path("conditions").isArray()) throw new LmkitException("SyntaxGym item " + itemId + " has no 'conditions' list: " + f);
            for (JsonNode c : item.get("conditions")) {
                if (!c.path("regions").isArray() || !c.hasNonNull("condition_name")) {
                    throw new LmkitException("SyntaxGym item " + itemId + " has a condition without 'condition_name' or 'regions': " + f);
                }
                List<JsonNode> regions = new ArrayList<>();
                c.get("regions").forEach(regions::add);
                regions.sort(Comparator.comparingInt(r -> r.path("region_number").asInt()));
                conditions.put(c.get("condition_name").asText(), regions.stream().map(r -> r.path("content").asText()).toList());
            }
            items.add(new SyntaxGymSuite.Item(item.path("item_number").asText(), conditions));
        }
        return new SyntaxGymSuite(root.path("meta").path("name").asText(stem(f)), predictions, items);
    }

    private static JsonNode json(String line, Path f, int lineNo) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new LmkitException("line " + lineNo + " is not valid JSON: " + f);
        }
    }

    private static String text(JsonNode o, String field, Path f, int lineNo) {
        if (!o.hasNonNull(field)) throw new LmkitException("line " + lineNo + " has no '" + field + "': " + f);
        return o.get(field).asText();
    }
}
