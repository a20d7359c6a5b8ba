package dev.lmkit.cli;

import dev.lmkit.model.ModelBundle;
import dev.lmkit.sample.Sampler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "sample", mixinStandardHelpOptions = true, description = "Generate text from a model.")
final class SampleCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;

    @Option(names = "--prime", defaultValue = "", description = "Text to continue.")
    String prime;

    @Option(names = "--length", defaultValue = "200", description = "Tokens to generate (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--temperature", defaultValue = "1.0", description = "Softmax temperature; 0 = greedy: always the likeliest token (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-k", defaultValue = "0", description = "Keep the k most likely tokens (0 = all).")
    int topK;

    @Option(names = "--top-p", defaultValue = "1.0", description = "Nucleus sampling mass (1 = all).")
    double topP;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--count", defaultValue = "1", description = "Number of samples, generated as one batch.")
    int count;

    @Option(names = "--json", description = "Print {\"samples\": [...]} instead of streaming text.")
    boolean json;

    @Override
    public Integer call() {
        // written so that NaN fails too
        if (!(temperature >= 0 && Double.isFinite(temperature)) || topK < 0 || !(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("--temperature must be a number >= 0, --top-k >= 0 and --top-p in (0, 1]");
        }
        ModelBundle bundle = ModelBundle.load(model.path);
        List<String> unknown = Sampler.unknownInPrime(bundle, prime);
        if (!unknown.isEmpty()) {
            System.err.println("lmkit: the prime has " + unknown.size() + " token" + (unknown.size() == 1 ? "" : "s")
                    + " the model does not know, read as <unk>: " + String.join(" ", unknown.subList(0, Math.min(10, unknown.size())))
                    + (unknown.size() > 10 ? " …" : ""));
        }
        var options = new Sampler.Options(prime, length, temperature, topK, topP, seed, count);
        List<String> samples;
        try {
            samples = Sampler.sample(bundle, options, json ? null : piece -> {
                System.out.print(piece);
                System.out.flush();
                if (System.out.checkError()) throw new OutputClosed(); // e.g. `| head`: stop generating
            });
        } catch (OutputClosed e) {
            return 0;
        }
        if (temperature == 0 && samples.stream().anyMatch(t -> Sampler.cyclePeriod(t) > 0)) {
            System.err.println("lmkit: the greedy sample (--temperature 0 always takes the likeliest token) ends in a loop; "
                    + "a temperature such as 0.8, or --top-k / --top-p, gives varied text");
        }
        if (json) {
            Output.json(Map.of("samples", samples));
        } else if (count == 1) {
            System.out.println();
        } else {
            for (int i = 0; i < samples.size(); i++) System.out.printf("--- sample %d ---%n%s%n", i + 1, samples.get(i));
        }
        return 0;
    }

    private static final class OutputClosed extends RuntimeException {
        OutputClosed() {
            super(null, null, false, false);
        }
    }
}
