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
                       int warmupSteps, int trainSteps, int evalTokens, int sampleTokens) {

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
                        num(w, "warmup_steps"), num(w, "train_steps"), num(w, "eval_tokens"), num(w, "sample_tokens")));
                if (!List.of("word", "char").contains(w.get("mode")) || !List.of("sgd", "adam").contains(w.get("optimizer"))) {
                    throw new IllegalArgumentException("mode must be word or char, optimizer sgd or adam");
                }
            } catch (RuntimeException e) {
                throw new LmkitException("bad workload '" + name + "' in " + file + ": " + e);
            }
        });
        return out;
    }

    private static int num(Map<String, Object> w, String key) {
        Object v = w.get(key);
        if (!(v instanceof Number n)) throw new IllegalArgumentException(key + " must be a number");
        return n.intValue();
    }

    /** The lmkit config this workload trains: the same network and optimizer the peer builds. */
    public LmConfig config(ModelConfig.Impl impl) {
        return new LmConfig(DataConfig.builder().mode(mode.equals("char") ? DataConfig.Mode.CHAR : DataConfig.Mode.WORD).build(),
                ModelConfig.builder().embedding(embedding).hidden(hidden).tieWeights(tieWeights).impl(impl).build(),
                TrainConfig.builder().optimizer(optimizer.equals("adam") ? TrainConfig.Optimizer.ADAM : TrainConfig.Optimizer.SGD)
                        .lr(lr).clipNorm(clipNorm).batch(batch).bptt(bptt).evalBatch(batch).seed(1).build());
    }

    /** Multiply-adds ×2 of one token's forward pass: the LSTM layers' two GEMMs and the output layer. */
    public double forwardFlopsPerToken() {
        double flops = 0;
        int in = embedding;
        for (int h : hidden) {
            flops += 2.0 * 4 * h * (in + h);
            in = h;
        }
        return flops + 2.0 * in * vocab;
    }
}
