package dev.lmkit.inspect;

import dev.lmkit.model.TrainingState;
import dev.lmkit.model.ModelBundle;
import dev.lmkit.model.NetworkFactory;
import dev.lmkit.TestData;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.Vocabulary;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class LstmTraceTest {
    @TempDir
    Path dir;

    private ModelBundle bundle(String impl, INDArray params) throws Exception {
        LmConfig config = TestData.tinyConfig(dir, "model.impl=" + impl, "model.forget_bias=0.7");
        var vocab = new Vocabulary(List.of("<unk>", "<eos>", "a", "b", "c"));
        var net = NetworkFactory.create(config, vocab.size());
        if (params != null) net.setParams(params);
        return new ModelBundle(net, vocab, config, TrainingState.start(1));
    }

    @Test
    void theForgetGateBiasStartsAtTheConfiguredValue() throws Exception {
        INDArray b = bundle("dl4j", null).net().getLayer(1).getParam(LSTMParamInitializer.BIAS_KEY);
        long h = b.length() / 4;
        for (long j = 0; j < b.length(); j++) {
            assertEquals(j >= h && j < 2 * h ? 0.7 : 0.0, b.getDouble(j), 1e-6, "bias " + j);
        }
    }

    @Test
    void tracesGatesAndStatesThatFitTheLstmEquationsForStockAndFusedModels() throws Exception {
        ModelBundle stock = bundle("dl4j", null);
        ModelBundle fused = bundle("fused", stock.net().params().dup());
        List<String> tokens = List.of("<eos>", "a", "b", "c", "a");
        LstmTrace s = LstmTrace.of(stock, tokens), f = LstmTrace.of(fused, tokens);
        assertEquals(stock.config().model().hidden().size(), s.layers().size());
        for (int l = 0; l < s.layers().size(); l++) {
            LstmTrace.Layer a = s.layers().get(l), b = f.layers().get(l);
            assertEquals(tokens.size(), a.cell().length);
            for (int t = 0; t < tokens.size(); t++) {
                for (int u = 0; u < a.units(); u++) {
                    assertEquals(a.cell()[t][u], b.cell()[t][u], 1e-6);
                    double cPrev = t == 0 ? 0 : a.cell()[t - 1][u];
                    assertEquals(a.forget()[t][u] * cPrev + a.input()[t][u] * a.blockInput()[t][u], a.cell()[t][u], 1e-5);
                    assertEquals(a.output()[t][u] * Math.tanh(a.cell()[t][u]), a.hidden()[t][u], 1e-5);
                    assertTrue(a.forget()[t][u] > 0 && a.forget()[t][u] < 1);
                }
            }
        }
    }

    @Test
    void drawsAHeatmapWhoseColoursFollowTheValues() throws Exception {
        LstmTrace trace = LstmTrace.of(bundle("fused", null), List.of("a", "b", "c"));
        double[][] cells = trace.layers().get(0).cell();
        Path png = dir.resolve("cells.png"), flat = dir.resolve("flat.png");
        LstmTraceChart.write(png, "cell state, layer 1", trace.tokens(), cells, List.of(0, 2, 1), false);
        LstmTraceChart.write(flat, "cell state, layer 1", trace.tokens(), new double[cells.length][cells[0].length], List.of(0, 2, 1), false);
        var image = javax.imageio.ImageIO.read(png.toFile());
        assertTrue(image.getWidth() > 200 && image.getHeight() > 100);
        assertTrue(colours(image) > colours(javax.imageio.ImageIO.read(flat.toFile())),
                "nine different values must give more colours than nine zeros");
    }

    private static long colours(java.awt.image.BufferedImage image) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) for (int x = 0; x < image.getWidth(); x++) seen.add(image.getRGB(x, y));
        return seen.size();
    }
}
