package dev.lmkit.bench;

import dev.lmkit.config.TrainConfig;
import dev.lmkit.config.ModelConfig;
import dev.lmkit.config.DataConfig;
import org.nd4j.shade.jackson.core.type.TypeReference;
import dev.lmkit.Json;
import dev.lmkit.LmkitException;
import dev.lmkit.config.LmConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One fixed benchmark workload from {@code bench/workloads.json}, the file the PyTorch peer
 * ({@code bench/torch_peer.py}) reads too, so both sides run the same shapes.
 */
public record Workload(String name, String mode, int vocab, int embedding, List<Integer> hidden, boolean tieWeights, int batch, int bptt,
                       String optimizer, double lr, double clipNorm,
                       int warmupSteps, int trainSteps, int evalTokens, int sampleTokens,
                       List<Integer> cutoffs, double cutoffDiv, boolean zipf) {

    public static Map<String, Workload> read(Path file) {
        Map<String, Map<String, Object>> raw;
        try {
            raw = Json.MAPPER.readValue(Files.readString(file), new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new LmkitException("cannot read workloads " + file + ": " + e.getMessage());
        }
        Map<String, Workload> out = new LinkedHashMap<>();
        raw.forEach((name, w) -> {
            try {
                @SuppressWarnings("unchecked") List<Integer> hidden = (List<Integer>) w.get("hidden");
                out.put(name, new Workload(name, (String) w.get("mode"),
                        num(w, "vocab"), num(w, "embedding"), hidden, Boolean.TRUE.equals(w.get("tie_weights")), num(w, "batch"), num(w, "bptt"),
                        (String) w.get("optimizer"), ((Number) w.get("lr")).doubleValue(), ((Number) w.get("clip_norm")).doubleValue(),
                        num(w, "warmup_steps"), num(w, "train_steps"), num(w, "eval_tokens"), num(w, "sample_tokens"),
                        cutoffs(w), w.containsKey("cutoff_div") ? ((Number) w.get("cutoff_div")).doubleValue() : 4.0, "zipf".equals(w.get("ids"))));
                if (!List.of("word", "char").contains(w.get("mode")) || !List.of("sgd", "adam").contains(w.get("optimizer"))) {
                    throw new IllegalArgumentException("mode must be word or char, optimizer sgd or adam");
                }
                if (!List.of("full", "adaptive").contains(w.getOrDefault("softmax", "full")) || !List.of("uniform", "zipf").contains(w.getOrDefault("ids", "uniform"))) {
                    throw new IllegalArgumentException("softmax must be full or adaptive (with cutoffs), ids uniform or zipf");
                }
            } catch (RuntimeException e) {
                throw new LmkitException("bad workload '" + name + "' in " + file + ": " + e);
            }
        });
        return out;
    }

    /** The adaptive softmax's cutoffs; empty for the full softmax. */
    @SuppressWarnings("unchecked")
    private static List<Integer> cutoffs(Map<String, Object> w) {
        if (!"adaptive".equals(w.get("softmax"))) return List.of();
        if (!(w.get("cutoffs") instanceof List<?> c) || c.isEmpty()) throw new IllegalArgumentException("softmax: adaptive needs cutoffs");
        return List.copyOf((List<Integer>) c);
    }

    private static int num(Map<String, Object> w, String key) {
        Object v = w.get(key);
        if (!(v instanceof Number n)) throw new IllegalArgumentException(key + " must be a number");
        return n.intValue();
    }

    /** The lmkit config this workload trains: the same network and optimizer the peer builds. */
    public LmConfig config(ModelConfig.Impl impl) {
        return new LmConfig(DataConfig.builder().mode(mode.equals("char") ? DataConfig.Mode.CHAR : DataConfig.Mode.WORD).build(),
                ModelConfig.builder().embedding(embedding).hidden(hidden).tieWeights(tieWeights).impl(impl)
                        .softmax(cutoffs.isEmpty() ? ModelConfig.Softmax.FULL : ModelConfig.Softmax.ADAPTIVE).cutoffs(cutoffs).cutoffDiv(cutoffDiv).build(),
                TrainConfig.builder().optimizer(optimizer.equals("adam") ? TrainConfig.Optimizer.ADAM : TrainConfig.Optimizer.SGD)
                        .lr(lr).clipNorm(clipNorm).batch(batch).bptt(bptt).evalBatch(batch).seed(1).build());
    }

    /**
     * Multiply-adds ×2 of one token's forward pass: the LSTM layers' two GEMMs and the output layer (the adaptive
     * softmax's head, plus each cluster's as often as the workload's ids fall in it).
     */
    public double forwardFlopsPerToken() {
        double flops = 0;
        int in = embedding;
        for (int h : hidden) {
            flops += 2.0 * 4 * h * (in + h);
            in = h;
        }
        if (cutoffs.isEmpty()) return flops + 2.0 * in * vocab;
        int[] c = cutoffs.stream().mapToInt(Integer::intValue).toArray();
        flops += 2.0 * in * (c[0] + c.length);
        for (int i = 0; i < c.length; i++) {
            int end = i + 1 < c.length ? c[i + 1] : vocab, projected = (int) Math.floor(in / Math.pow(cutoffDiv, i + 1));
            flops += share(c[i], end) * 2.0 * projected * (in + end - c[i]);
        }
        return flops;
    }

    /** The share of the workload's ids in [from, to). */
    private double share(int from, int to) {
        if (!zipf) return (double) (to - from) / vocab;
        double[] cdf = zipfCdf(vocab);
        return cdf[to - 1] - (from == 0 ? 0 : cdf[from - 1]);
    }

    /** Zipf's law over the ids, p(k) ∝ 1/(k+1): id 0 the most frequent, as a vocabulary in frequency order. */
    static double[] zipfCdf(int vocab) {
        double[] cdf = new double[vocab];
        double sum = 0;
        for (int k = 0; k < vocab; k++) cdf[k] = sum += 1.0 / (k + 1);
        for (int k = 0; k < vocab; k++) cdf[k] /= sum;
        return cdf;
    }

    /** {@code n} random ids: uniform, or by Zipf's law ({@code "ids": "zipf"}, the same law as the peer's). */
    public int[] randomIds(java.util.SplittableRandom random, int n) {
        int[] ids = new int[n];
        double[] cdf = zipf ? zipfCdf(vocab) : null;
        for (int i = 0; i < n; i++) {
            if (cdf == null) {
                ids[i] = random.nextInt(vocab);
            } else {
                int k = java.util.Arrays.binarySearch(cdf, random.nextDouble());
                ids[i] = Math.min(vocab - 1, k >= 0 ? k : -k - 1);
            }
        }
        return ids;
    }
}
