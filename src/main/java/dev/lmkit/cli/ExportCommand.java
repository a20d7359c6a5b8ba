package dev.lmkit.cli;

import dev.lmkit.LmkitException;
import dev.lmkit.interop.TorchExport;
import dev.lmkit.model.ModelBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "export", mixinStandardHelpOptions = true, description = "Write an lmkit model for another toolkit.",
        subcommands = {ExportCommand.Torch.class})
final class ExportCommand {

    @Command(name = "torch", mixinStandardHelpOptions = true,
            description = {"A word model as a PyTorch state_dict (zip format) for word_language_model's RNNModel('LSTM', ...) "
                    + "with the same sizes, plus OUT's name with .vocab.txt: the tokens in id order."})
    static final class Torch implements Callable<Integer> {
        @Mixin
        ModelOption model;

        @Option(names = "--out", required = true, description = "The .pt file to write (must not exist).")
        Path out;

        @Override
        public Integer call() {
            if (Files.exists(out)) throw new LmkitException("refusing to overwrite " + out);
            Path vocab = TorchExport.write(ModelBundle.load(model.path), out);
            System.out.println("wrote " + out + " and " + vocab);
            return 0;
        }
    }
}
