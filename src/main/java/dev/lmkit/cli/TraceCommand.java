package dev.lmkit.cli;

import dev.lmkit.api.LanguageModel;
import dev.lmkit.inspect.LstmTrace;
import dev.lmkit.inspect.LstmTraceChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

@Command(name = "trace", mixinStandardHelpOptions = true,
        description = "Gate activations and cell states of one LSTM layer while reading a sentence: TSV, and a heatmap PNG with --png.")
final class TraceCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;
    @Mixin
    DeterministicOption deterministic;

    @Option(names = "--text", required = true, description = "The sentence to read (from a fresh state after the line end).")
    String text;

    @Option(names = "--layer", defaultValue = "1", description = "LSTM layer, from 1 (default: ${DEFAULT-VALUE}).")
    int layer;

    @Option(names = "--what", defaultValue = "cell", description = "cell | hidden | forget | input | output | block (default: ${DEFAULT-VALUE}).")
    String what;

    @Option(names = "--units", split = ",", description = "Units to show, e.g. 3,17,42 (default: the first 16).")
    List<Integer> units;

    @Option(names = "--png", description = "Also draw the heatmap here.")
    Path png;

    @Override
    public Integer call() {
        LstmTrace trace = LanguageModel.load(model.path).trace(text);
        if (layer < 1 || layer > trace.layers().size()) {
            throw new IllegalArgumentException("--layer must be in 1.." + trace.layers().size());
        }
        LstmTrace.Layer l = trace.layers().get(layer - 1);
        double[][] values = switch (what) {
            case "cell" -> l.cell();
            case "hidden" -> l.hidden();
            case "forget" -> l.forget();
            case "input" -> l.input();
            case "output" -> l.output();
            case "block" -> l.blockInput();
            default -> throw new IllegalArgumentException("--what must be cell, hidden, forget, input, output or block, not " + what);
        };
        List<Integer> shown = units != null ? units : IntStream.range(0, Math.min(16, l.units())).boxed().toList();
        for (int u : shown) if (u < 0 || u >= l.units()) throw new IllegalArgumentException("unit " + u + " is not in 0.." + (l.units() - 1));
        StringBuilder header = new StringBuilder("token");
        for (int u : shown) header.append("\tunit_").append(u);
        System.out.println(header);
        for (int t = 0; t < trace.tokens().size(); t++) {
            StringBuilder row = new StringBuilder(trace.tokens().get(t));
            for (int u : shown) row.append(String.format(Locale.ROOT, "\t%.4f", values[t][u]));
            System.out.println(row);
        }
        if (png != null) {
            boolean gate = !what.equals("cell") && !what.equals("hidden") && !what.equals("block");
            String which = units != null ? shown.size() + " chosen units of " + l.units()
                    : "units 0–" + (shown.size() - 1) + " of " + l.units() + " (--units 3,17,… for others)";
            LstmTraceChart.write(png, what + ", layer " + layer + ", " + which + ": \"" + text + "\"", trace.tokens(), values, shown, gate);
            System.err.println("wrote " + png + " (" + which + ")");
        }
        return 0;
    }
}
