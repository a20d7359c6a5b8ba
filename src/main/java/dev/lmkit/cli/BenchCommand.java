package dev.lmkit.cli;

import dev.lmkit.Home;
import dev.lmkit.LmkitException;
import dev.lmkit.bench.Benchmark;
import dev.lmkit.bench.Repeats;
import dev.lmkit.bench.Workload;
import dev.lmkit.config.ModelConfig;
import dev.lmkit.fused.BlasCore;
import dev.lmkit.fused.Threads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Training, evaluation and sampling throughput on fixed workloads (bench/workloads.json).")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--workload", description = "Run only this workload (default: all).")
    String workload;

    @Option(names = "--impl", defaultValue = "fused", description = "LSTM implementation: fused or dl4j (default: ${DEFAULT-VALUE}).")
    String impl;

    @Option(names = "--workloads", description = "Workload file (default: bench/workloads.json).")
    Path file;

    @Option(names = "--repeat", defaultValue = "1", description = "Runs per workload; with more than one, each figure is "
            + "reported as median, min, max and spread (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = "--machine", description = "Print only the machine's figures (processors, threads, sgemm rate) and stop.")
    boolean machineOnly;

    @Override
    public Integer call() {
        if (!List.of("fused", "dl4j").contains(impl)) throw new LmkitException("--impl must be fused or dl4j, not " + impl);
        if (repeat < 1) throw new IllegalArgumentException("--repeat must be at least 1, not " + repeat);
        Path source = file != null ? file : Home.resolve(Path.of("bench/workloads.json"));
        Map<String, Workload> all = Workload.read(source);
        if (workload != null && !all.containsKey(workload)) {
            throw new LmkitException("no workload '" + workload + "' in " + source + " (have: " + String.join(", ", all.keySet()) + ")");
        }
        Threads.configure();
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cpus", Runtime.getRuntime().availableProcessors());
        machine.put("omp_threads", Threads.ompThreads());
        machine.put("blas_threads", Threads.blasThreads());
        machine.put("lmkit_threads", Threads.workers());
        machine.put("openblas_core", BlasCore.name());
        machine.put("sgemm_gflops", Benchmark.sgemmGflops());
        if (machineOnly) {
            if (json) Output.json(Map.of("machine", machine));
            else System.out.println("machine: " + machine);
            return 0;
        }
        if (!json) System.out.printf("lmkit bench (impl %s): %s%n", impl, machine);
        Map<String, Object> results = new LinkedHashMap<>();
        for (Workload w : all.values()) {
            if (workload != null && !workload.equals(w.name())) continue;
            String refusal = refusal(w);
            if (refusal != null) {
                if (workload != null) throw new LmkitException("workload " + w.name() + ": " + refusal);
                // DL4J's stock layers cannot run every workload (tied weights, the adaptive softmax): the others still run
                results.put(w.name(), Map.of("skipped", refusal));
                if (!json) System.out.printf("%-10s skipped: %s%n", w.name(), refusal);
                continue;
            }
            List<Map<String, Object>> runs = new ArrayList<>();
            for (int i = 0; i < repeat; i++) {
                Map<String, Object> run = Benchmark.run(w, impl);
                // the host's own drift between runs, to tell it apart from lmkit's spread
                if (repeat > 1) run.put("sgemm_gflops", Benchmark.sgemmGflops());
                runs.add(run);
            }
            results.put(w.name(), repeat == 1 ? runs.get(0) : Repeats.summarize(runs));
            if (!json && repeat == 1) {
                Map<String, Object> r = runs.get(0);
                System.out.printf("%-10s train %8.0f tok/s (%.1f GFLOP/s)  eval %8.0f tok/s (%.1f GFLOP/s)  sample %6.0f tok/s "
                                + "(32 at once: %.0f)  peak RSS %.0f MB%n", w.name(), r.get("train_tokens_per_s"), r.get("train_gflops"),
                        r.get("eval_tokens_per_s"), r.get("eval_gflops"), r.get("sample_tokens_per_s"),
                        r.get("sample_batch32_tokens_per_s"), r.get("peak_rss_mb"));
            } else if (!json) {
                System.out.printf("%s, %d runs: median (min-max, spread)%n", w.name(), repeat);
                Repeats.summarize(runs).forEach((k, v) -> System.out.println("  " + Repeats.line(k, v)));
            }
        }
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("engine", "lmkit " + impl);
            out.put("machine", machine);
            out.put("workloads", results);
            Output.json(out);
        }
        return 0;
    }

    /** Why this --impl cannot run the workload's network, or null when it can. */
    private String refusal(Workload w) {
        try {
            w.config(impl.equals("dl4j") ? ModelConfig.Impl.DL4J : ModelConfig.Impl.FUSED);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
