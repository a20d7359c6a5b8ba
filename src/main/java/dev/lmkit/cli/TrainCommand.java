package dev.lmkit.cli;

import dev.lmkit.config.Starter;
import dev.lmkit.Messages;
import dev.lmkit.LmkitException;
import dev.lmkit.config.ConfigLoader;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.Corpus;
import dev.lmkit.corpus.Subwords;
import dev.lmkit.model.NetworkFactory;
import dev.lmkit.train.DistributedTraining;
import dev.lmkit.train.StopRequest;
import dev.lmkit.train.Trainer;
import dev.lmkit.train.TrainingDashboard;
import org.deeplearning4j.optimize.api.TrainingListener;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a model from a config.")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--config", description = "YAML config (see configs/ and docs/configs.md).")
    Path config;

    @Option(names = "--text", description = "Instead of --config: train on this text file with a config lmkit chooses for it "
            + "and --minutes, and says why (the config is written into the run).")
    Path text;

    @Option(names = "--minutes", defaultValue = "5", description = "With --text: the wall-time budget (default: ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = "--level", defaultValue = "auto", description = "With --text: auto (words from half a million words and 10 minutes on), char or word.")
    String level;

    @Option(names = "--out", description = "Run directory (default: runs/<config name>).")
    Path out;

    @Option(names = "--resume", description = "Continue from the run directory's last checkpoint (last.zip, else best.zip); a run that wrote none yet starts afresh.")
    boolean resume;

    @Option(names = "--init-from", description = "Start from this run's (or model zip's) weights: same network shape and vocabulary, fresh optimizer and schedule.")
    Path initFrom;

    @Option(names = "--set", description = "Override a config key, e.g. --set train.epochs=2 (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--json", description = "Print one JSON object with the results.")
    boolean json;

    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @ArgGroup(validate = false, heading = "%nThe dashboard (DL4J's training UI):%n")
    Dashboard dashboardOptions = new Dashboard();

    @ArgGroup(validate = false, heading = "%nSpark (spark/README.md):%n")
    Spark sparkOptions = new Spark();

    static final class Dashboard {
        @Option(names = "--ui", description = "Serve DL4J's training dashboard on localhost while training.")
        boolean ui;

        @Option(names = "--ui-port", defaultValue = "9000", description = "Dashboard port (default: ${DEFAULT-VALUE}).")
        int uiPort;

        @Option(names = "--ui-host", defaultValue = "127.0.0.1", description = "Address the dashboard listens on (default: "
                + "${DEFAULT-VALUE}, this machine only; it has no login: widen it only on a network you trust).")
        String uiHost;

        @Option(names = "--ui-stay", description = "Keep the dashboard up after training until interrupted (Ctrl-C).")
        boolean uiStay;
    }

    static final class Spark {
        @Option(names = "--spark", description = "Train on Apache Spark: local[N], spark://host:port, or submit (under spark-submit, which names the master) (lmkit-spark; parameter averaging).")
        String spark;

        @Option(names = "--workers", defaultValue = "2", description = "Spark workers (default: ${DEFAULT-VALUE}).")
        int workers;

        @Option(names = "--averaging-frequency", defaultValue = "4", description = "Spark: worker minibatches between parameter averagings (default: ${DEFAULT-VALUE}).")
        int averagingFrequency;

        @Option(names = "--sharing", defaultValue = "averaging", description = "Spark: averaging (parameter averaging) or gradients "
                + "(DL4J's gradient sharing over Aeron UDP, port 40123; experimental) (default: ${DEFAULT-VALUE}).")
        String sharing;

        @Option(names = "--threshold", defaultValue = "1e-3", description = "Spark, --sharing gradients: the update encoding's starting "
                + "threshold, adapted as training goes (default: ${DEFAULT-VALUE}).")
        double threshold;

        @Option(names = "--block-momentum", description = "Spark, --sharing averaging: momentum of the averaged update across "
                + "rounds (Chen & Huo's block momentum, Nesterov form; 0 = plain averaging) (default: 1 - 1/workers).")
        Double blockMomentum;

        @Option(names = "--chunk-windows", defaultValue = "10", description = "Spark: TBPTT windows per worker minibatch; the state is carried inside one (default: ${DEFAULT-VALUE}).")
        int chunkWindows;
    }

    @Override
    public Integer call() {
        if (initFrom != null && resume) throw new IllegalArgumentException("--init-from starts a new run; it cannot be combined with --resume");
        // Asked here, not in TrainingDashboard: without deeplearning4j-ui that class cannot even be loaded.
        if ((dashboardOptions.ui || dashboardOptions.uiStay) && TrainCommand.class.getClassLoader().getResource("org/deeplearning4j/ui/api/UIServer.class") == null) {
            throw new LmkitException("--ui needs DL4J's dashboard (org.deeplearning4j:deeplearning4j-ui), which this "
                    + "installation leaves out: run ./lmkit train --ui from a source checkout, or add that dependency");
        }
        if (sparkOptions.spark != null && (initFrom != null || dashboardOptions.ui || dashboardOptions.uiStay)) {
            throw new IllegalArgumentException("--init-from and --ui are single-machine options; --spark does not take them");
        }
        if (sparkOptions.workers < 1 || sparkOptions.averagingFrequency < 1 || sparkOptions.chunkWindows < 1) {
            throw new IllegalArgumentException("--workers, --averaging-frequency and --chunk-windows must be at least 1");
        }
        if (!sparkOptions.sharing.equals("averaging") && !sparkOptions.sharing.equals("gradients")) {
            throw new IllegalArgumentException("--sharing must be averaging or gradients, not '" + sparkOptions.sharing + "'");
        }
        if (!(sparkOptions.threshold > 0 && sparkOptions.threshold < 1)) throw new IllegalArgumentException("--threshold must be in (0, 1)");
        if (sparkOptions.blockMomentum != null && !(sparkOptions.blockMomentum >= 0 && sparkOptions.blockMomentum < 1)) {
            throw new IllegalArgumentException("--block-momentum must be in [0, 1), not " + sparkOptions.blockMomentum);
        }
        if (sparkOptions.blockMomentum != null && sparkOptions.sharing.equals("gradients")) {
            throw new IllegalArgumentException("--block-momentum filters averaged updates; --sharing gradients has none");
        }
        DistributedTraining cluster = sparkOptions.spark == null ? null : DistributedTraining.find();
        if ((config == null) == (text == null)) throw new IllegalArgumentException("train needs --config FILE or --text FILE (one of them)");
        LmConfig cfg;
        if (text != null) {
            if (!List.of("auto", "char", "word").contains(level)) throw new LmkitException("--level must be auto, char or word, not " + Messages.quote(level));
            var choice = Starter.forText(text, minutes, Starter.Level.valueOf(level.toUpperCase(java.util.Locale.ROOT)));
            cfg = ConfigLoader.parse(ConfigLoader.toYaml(choice.config()), "--text " + text, overrides);
            if (!quiet) for (String reason : choice.reasons()) System.err.println("--text: " + reason);
        } else {
            cfg = ConfigLoader.load(config, overrides);
        }
        Path source = config != null ? config : text;
        Path runDir = out != null ? out : Path.of("runs", source.getFileName().toString().replaceFirst("\\.(ya?ml|txt)$", ""));
        Spark o = sparkOptions;
        var request = new DistributedTraining.Request(o.spark, o.workers, o.averagingFrequency, o.chunkWindows, o.sharing, o.threshold,
                o.blockMomentum == null ? Double.NaN : o.blockMomentum);
        if (cluster != null) cluster.refuseUnsupported(cfg, request);
        Trainer.checkRunDirectory(runDir, resume); // before the corpus: a refusal should not take minutes
        Corpus corpus = cluster == null ? Corpus.load(cfg.data()) : cluster.loadCorpus(cfg.data(), request);
        if (!quiet) {
            System.err.printf("corpus: vocabulary %d, train %s, valid %d, test %d%n", corpus.vocab().size(),
                    corpus.train().length() == 0 ? "on the cluster" : corpus.train().length() + " tokens",
                    corpus.valid().length(), corpus.test().length());
        }
        if ((dashboardOptions.ui || dashboardOptions.uiStay) && !isLoopback(dashboardOptions.uiHost)) {
            System.err.println("lmkit: warning: the dashboard has no login and listens on " + dashboardOptions.uiHost + ": anyone who can reach this "
                    + "machine on port " + dashboardOptions.uiPort + " sees the training run");
        }
        Dashboard d = dashboardOptions;
        TrainingDashboard dashboard = d.ui || d.uiStay ? TrainingDashboard.start(d.uiHost, d.uiPort) : null;
        if (dashboard != null) System.err.println("training dashboard: " + dashboard.url());
        List<TrainingListener> listeners = dashboard == null ? List.of() : List.of(dashboard.listener());
        Trainer.Result r;
        StopRequest stop = StopRequest.onSignals(System.err);
        try {
            Trainer.Options options = new Trainer.Options(runDir, resume, quiet, System.err, listeners, stop, initFrom);
            r = cluster == null ? Trainer.train(cfg, corpus, options)
                    : cluster.train(cfg, corpus, options, request);
        } finally {
            stop.close();
            if (dashboard != null && !dashboardOptions.uiStay) dashboard.close();
        }
        boolean chars = cfg.data().charLevel();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("run", runDir.toString());
        result.put("epochs", r.state().epoch());
        result.put("steps", r.state().step());
        result.put("parameters", NetworkFactory.parameters(cfg, corpus.vocab().size()));
        result.put("train_tokens_per_s", r.tokensPerSecond());
        if (r.stoppedBy() != null) result.put("stopped_by", r.stoppedBy());
        boolean pieces = corpus.tokenizer() instanceof dev.lmkit.corpus.SubwordTokenizer;
        if (r.valid() != null) result.put("valid", Output.nll(r.valid(), corpus.valid().unseen(), chars,
                pieces ? Subwords.wordStarts(corpus.vocab(), corpus.valid().ids(), 1) : -1));
        if (r.test() != null) result.put("test", Output.nll(r.test(), corpus.test().unseen(), chars,
                pieces ? Subwords.wordStarts(corpus.vocab(), corpus.test().ids(), 1) : -1));
        if (json) {
            Output.json(result);
        } else {
            System.out.printf("run %s: %d epoch%s, %.0f tokens/s%n", runDir, r.state().epoch(), r.state().epoch() == 1 ? "" : "s",
                    r.tokensPerSecond());
            if (r.stoppedBy() != null) {
                System.out.printf("stopped early (%s): last.zip and best.zip in %s; continue with --resume%n", r.stoppedBy(), runDir);
            }
            // one unit per model kind, as the progress lines: bits per character, or perplexity
            if (r.valid() != null) System.out.println(chars ? String.format(java.util.Locale.ROOT, "valid %.3f bits/char", r.valid().bits())
                    : String.format(java.util.Locale.ROOT, "valid perplexity %.2f", r.valid().perplexity()));
            if (r.test() != null) System.out.println(chars ? String.format(java.util.Locale.ROOT, "test %.3f bits/char", r.test().bits())
                    : String.format(java.util.Locale.ROOT, "test perplexity %.2f", r.test().perplexity()));
        }
        if (r.stoppedBy() != null) return stop.status();
        if (dashboardOptions.uiStay) {
            System.err.println("training done; dashboard stays up at " + dashboard.url() + " (Ctrl-C to stop)");
            try {
                Thread.currentThread().join();
            } catch (InterruptedException e) {
                dashboard.close();
            }
        }
        return 0;
    }

    private static boolean isLoopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("--ui-host: unknown address " + dev.lmkit.Messages.quote(host));
        }
    }
}
