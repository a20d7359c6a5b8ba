package dev.lmkit.cli;

import dev.lmkit.OutputFiles;
import dev.lmkit.config.ConfigLoader;
import dev.lmkit.config.DataConfig;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.Corpus;
import dev.lmkit.corpus.EncodedText;
import dev.lmkit.corpus.SubwordTokenizer;
import dev.lmkit.corpus.Subwords;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code corpus tokenizer}: the byte-pair pieces a config's training text gives, as {@code train} would learn them, with what they do to the text. */
@Command(name = "tokenizer", mixinStandardHelpOptions = true,
        description = {"Learn the byte-pair pieces of a config's training text exactly as train does with data.tokenizer: bpe, "
                + "and report how they cut the splits (pieces per word, words in more than one piece).",
                "Use it to choose data.vocab_size; --out writes the pieces (the model file keeps its own copy)."})
final class SubwordsCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "A word-level config (its data section is read).")
    Path config;

    @Option(names = "--set", description = "Override a config key, as train's --set.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--vocab-size", description = "Learn this many pieces (sets data.tokenizer: bpe and data.vocab_size).")
    Integer vocabSize;

    @Option(names = "--out", description = "Write the learned pieces here (refused if it exists).")
    Path out;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<String> set = new ArrayList<>(overrides);
        if (vocabSize != null) set.addAll(List.of("data.tokenizer=bpe", "data.vocab_size=" + vocabSize));
        LmConfig cfg = ConfigLoader.load(config, set);
        if (cfg.data().tokenizer() != DataConfig.Tokenization.BPE) {
            throw new IllegalArgumentException(config + " does not use data.tokenizer: bpe: give --vocab-size N");
        }
        if (out != null && (Files.exists(out) || Files.isSymbolicLink(out))) throw new IllegalArgumentException("--out " + out + " exists; lmkit does not overwrite it");
        long t0 = System.nanoTime();
        Corpus corpus = Corpus.load(cfg.data());
        double seconds = (System.nanoTime() - t0) / 1e9;
        Subwords subwords = ((SubwordTokenizer) corpus.tokenizer()).subwords();
        Map<String, Object> report = new java.util.LinkedHashMap<>();
        report.put("vocabulary", corpus.vocab().size());
        report.put("characters", subwords.alphabet().size());
        report.put("merges", subwords.merges().size());
        report.put("seconds", seconds);
        for (var split : List.of(Map.entry("train", corpus.train()), Map.entry("valid", corpus.valid()), Map.entry("test", corpus.test()))) {
            if (split.getValue().length() == 0) continue;
            report.put(split.getKey(), cut(corpus, split.getValue()));
        }
        if (out != null) OutputFiles.write(out, tmp -> Files.writeString(tmp, subwords.write(), StandardCharsets.UTF_8));
        if (json) {
            Output.json(report);
        } else {
            System.out.printf("%,d pieces (%,d characters, %,d merges, 256 byte pieces, <unk>, <eos>, ▁), learned with the corpus in %.1f s%n",
                    corpus.vocab().size(), subwords.alphabet().size(), subwords.merges().size(), seconds);
            for (String name : List.of("train", "valid", "test")) {
                if (!(report.get(name) instanceof Map<?, ?> m)) continue;
                System.out.printf("%s: %,d words (<eos> included) in %,d pieces, %.3f per word; %.1f%% of words in more than one piece%n",
                        name, m.get("words"), m.get("pieces"), (Double) m.get("pieces_per_word"), 100 * (Double) m.get("split_words"));
            }
            if (out != null) System.out.println("wrote " + out);
        }
        return 0;
    }

    /** Words, pieces, pieces per word and the share of words cut into more than one piece, in a split. */
    private static Map<String, Object> cut(Corpus corpus, EncodedText text) {
        long words = Subwords.wordStarts(corpus.vocab(), text.ids(), 0), split = 0;
        int[] ids = text.ids();
        for (int i = 0; i < ids.length; i++) {
            boolean starts = Subwords.startsWord(corpus.vocab().token(ids[i]));
            if (starts && i + 1 < ids.length && !Subwords.startsWord(corpus.vocab().token(ids[i + 1]))) split++;
        }
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("words", words);
        m.put("pieces", (long) ids.length);
        m.put("pieces_per_word", (double) ids.length / words);
        m.put("split_words", (double) split / words);
        return m;
    }
}
