package dev.lmkit.cli;

import dev.lmkit.Messages;
import dev.lmkit.config.ModelConfig;
import dev.lmkit.LmkitException;
import dev.lmkit.interop.TorchImport;
import dev.lmkit.model.ModelBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "import", mixinStandardHelpOptions = true, description = "Bring a model trained elsewhere into lmkit.",
        subcommands = {ImportCommand.Torch.class})
final class ImportCommand {

    @Command(name = "torch", mixinStandardHelpOptions = true,
            description = {"A PyTorch word_language_model / colorlessgreenRNNs LSTM (state_dict or whole module, zip or legacy "
                    + "format) as an lmkit model: OUT/best.zip, which sample, eval, score, agreement and trace read."})
    static final class Torch implements Callable<Integer> {
        @Option(names = "--checkpoint", required = true, description = "The .pt file.")
        Path checkpoint;

        @Option(names = "--vocab", description = "Vocabulary: one token per line, id = line number (colorlessgreenRNNs' vocab.txt).")
        Path vocab;

        @Option(names = "--corpus-train", description = "Or the training text, to rebuild word_language_model's dictionary "
                + "(first appearance order, <eos> after every line).")
        Path corpusTrain;

        @Option(names = "--unk", defaultValue = "<unk>", description = "The vocabulary's unknown-word token (default: ${DEFAULT-VALUE}).")
        String unk;

        @Option(names = "--eos", defaultValue = "<eos>", description = "Its end-of-sentence token (default: ${DEFAULT-VALUE}).")
        String eos;

        @Option(names = "--impl", defaultValue = "fused", description = "Layers: fused (default) or dl4j, DL4J's stock ones (untied models).")
        String impl;

        @Option(names = "--out", description = "Model directory (default: runs/<checkpoint name>); must not hold a model yet.")
        Path out;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Override
        public Integer call() {
            Path dir = out != null ? out : Path.of("runs", checkpoint.getFileName().toString().replaceFirst("\\.(pt|pth|bin)$", ""));
            Path target = dir.resolve("best.zip");
            if (Files.exists(target)) throw new LmkitException("refusing to overwrite " + target + " (choose another --out)");
            long t0 = System.nanoTime();
            if (!impl.equals("fused") && !impl.equals("dl4j")) throw new LmkitException("--impl must be fused or dl4j, not " + Messages.quote(impl));
            var layers = impl.equals("fused") ? ModelConfig.Impl.FUSED : ModelConfig.Impl.DL4J;
            ModelBundle bundle = TorchImport.load(new TorchImport.Options(checkpoint, vocab, corpusTrain, unk, eos, layers));
            bundle.save(target);
            double seconds = (System.nanoTime() - t0) / 1e9;
            var m = bundle.config().model();
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("model", target.toString());
            o.put("layers", m.hidden().size());
            o.put("embedding", m.embedding());
            o.put("hidden", m.hidden().get(0));
            o.put("vocabulary", bundle.vocab().size());
            o.put("tied", m.tieWeights());
            o.put("parameters", bundle.net().numParams());
            o.put("seconds", seconds);
            if (json) {
                Output.json(o);
            } else {
                System.out.printf("imported %s: %d x %d LSTM, embedding %d, vocabulary %,d, %s, %,d parameters, %.1f s -> %s%n", checkpoint,
                        m.hidden().size(), m.hidden().get(0), m.embedding(), bundle.vocab().size(), m.tieWeights() ? "tied" : "untied",
                        bundle.net().numParams(), seconds, target);
            }
            return 0;
        }
    }
}
