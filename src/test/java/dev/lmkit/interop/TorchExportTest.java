package dev.lmkit.interop;

import dev.lmkit.LmkitException;
import dev.lmkit.api.LanguageModel;
import dev.lmkit.model.ModelBundle;
import dev.lmkit.model.NetworkFactory;
import dev.lmkit.model.TrainingState;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Export to a PyTorch state_dict: lmkit → PyTorch → lmkit is exact, and PyTorch itself scores the export as lmkit does. */
class TorchExportTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    @TempDir
    Path dir;

    @Test
    void importExportImportIsBitIdentical() throws Exception {
        for (String model : TorchImportTest.MODELS) {
            ModelBundle first = TorchImport.load(TorchImportTest.options(TorchImportTest.FIXTURES.resolve(model + ".module.zip.pt")));
            Path pt = dir.resolve(model + ".pt");
            Path vocab = TorchExport.write(first, pt);
            ModelBundle second = TorchImport.load(new TorchImport.Options(pt, vocab, null, "<unk>", "<eos>"));
            assertEquals(first.vocab().tokens(), second.vocab().tokens(), model);
            assertEquals(first.net().params(), second.net().params(), model);
            assertEquals(first.config(), second.config(), model);
        }
    }

    @Test
    void pyTorchLoadsTheExportAndGivesTheSameSurprisals() throws Exception {
        Assumptions.assumeTrue(torchInstalled(), "needs Debian's python3-torch");
        List<String> sentences = Files.readAllLines(TorchImportTest.FIXTURES.resolve("sentences.txt"));
        double worst = 0;
        for (String model : TorchImportTest.MODELS) {
            ModelBundle bundle = TorchImport.load(TorchImportTest.options(TorchImportTest.FIXTURES.resolve(model + ".state_dict.legacy.pt")));
            Path pt = dir.resolve(model + ".pt");
            Path vocab = TorchExport.write(bundle, pt);
            var m = bundle.config().model();
            List<String> torchBits = python("""
                    import sys, math, torch
                    sys.path.insert(0, 'interop')
                    from model import RNNModel
                    words = open('%s').read().split('\\n')[:-1]
                    model = RNNModel('LSTM', len(words), %d, %d, %d, dropout=0.0, tie_weights=%s)
                    model.load_state_dict(torch.load('%s'))
                    model.eval()
                    index = {w: i for i, w in enumerate(words)}
                    for line in open('%s'):
                        ids = [index['<eos>']] + [index[w] for w in line.split()] + [index['<eos>']]
                        with torch.no_grad():
                            out, _ = model(torch.tensor(ids[:-1]).view(-1, 1), model.init_hidden(1))
                            logp = torch.log_softmax(out.view(-1, out.size(2)).double(), 1)
                        print(' '.join(repr(-logp[i, ids[i + 1]].item() / math.log(2)) for i in range(len(ids) - 1)))
                    """.formatted(vocab, m.embedding(), m.hidden().get(0), m.hidden().size(), m.tieWeights() ? "True" : "False", pt,
                    TorchImportTest.FIXTURES.resolve("sentences.txt")));
            var lmkit = new LanguageModel(bundle).surprisals(sentences);
            for (int s = 0; s < sentences.size(); s++) {
                String[] bits = torchBits.get(s).split(" ");
                double[] ours = lmkit.get(s).surprisals();
                assertEquals(ours.length, bits.length);
                for (int t = 0; t < bits.length; t++) {
                    assertEquals(Double.parseDouble(bits[t]), ours[t], 1e-3, model + " sentence " + s);
                    worst = Math.max(worst, Math.abs(Double.parseDouble(bits[t]) - ours[t]));
                }
            }
        }
        System.out.printf("torch export: max |PyTorch(export) - lmkit| surprisal over %d models: %.2e bits%n", TorchImportTest.MODELS.size(), worst);
    }

    @Test
    void characterModelsAreRefused() throws Exception {
        var config = dev.lmkit.config.ConfigLoader.parse("data: {mode: char}\nmodel: {embedding: 4, hidden: [5]}", "c.yaml", List.of());
        var vocab = new dev.lmkit.corpus.Vocabulary(List.of("<unk>", "a", "b"));
        ModelBundle chars = new ModelBundle(NetworkFactory.create(config, 3), vocab, config, TrainingState.start(1));
        assertEquals("only word models can be exported to PyTorch",
                assertThrows(LmkitException.class, () -> TorchExport.write(chars, dir.resolve("c.pt"))).getMessage());
    }

    static boolean torchInstalled() throws Exception {
        if (!Files.isExecutable(PYTHON)) return false;
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import torch").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    private static List<String> python(String script) throws Exception {
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", script).redirectErrorStream(true).start();
        List<String> out = new ArrayList<>(new String(p.getInputStream().readAllBytes()).lines().toList());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join("\n", out));
        return out;
    }
}
