package dev.lmkit.cli;

import dev.lmkit.corpus.CorpusReader;
import dev.lmkit.corpus.Tokenizer;
import dev.lmkit.eval.Scorer;
import dev.lmkit.model.ModelBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Per-token surprisal (bits) of each sentence, scored from a fresh state, as TSV.")
final class ScoreCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Run directory or model .zip.")
    Path model;

    @Option(names = "--input", required = true, description = "One sentence per line.")
    Path input;

    @Option(names = "--batch", defaultValue = "64", description = "Sentences per forward pass (default: ${DEFAULT-VALUE}).")
    int batch;

    @Override
    public Integer call() {
        ModelBundle bundle = ModelBundle.load(model);
        Tokenizer tokenizer = bundle.tokenizer();
        List<List<String>> sentences = new ArrayList<>();
        List<int[]> ids = new ArrayList<>();
        for (String line : CorpusReader.lines(input)) {
            List<String> tokens = tokenizer.tokenize(line);
            sentences.add(tokens);
            ids.add(tokens.stream().mapToInt(bundle.vocab()::id).toArray());
        }
        int context = bundle.vocab().id(tokenizer.lineEnd());
        List<double[]> bits = Scorer.surprisals(bundle.net(), ids, context, batch);
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)));
        out.println("sentence_id\ttoken_index\ttoken\tsurprisal");
        for (int s = 0; s < sentences.size(); s++) {
            for (int t = 0; t < bits.get(s).length; t++) {
                out.printf(Locale.ROOT, "%d\t%d\t%s\t%.6f%n", s, t, printable(sentences.get(s).get(t)), bits.get(s)[t]);
            }
        }
        out.flush();
        return 0;
    }

    /** Newline and tab are tokens of character models; escape them so the TSV stays one row per token. */
    static String printable(String token) {
        return token.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t");
    }
}
