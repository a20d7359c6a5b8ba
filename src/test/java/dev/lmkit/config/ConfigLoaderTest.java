package dev.lmkit.config;

import dev.lmkit.LmkitException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class ConfigLoaderTest {

    @Test
    void missingKeysTakeDefaultsAndOverridesApply() {
        LmConfig c = ConfigLoader.parse("model: {hidden: [32]}\ntrain: {lr: 0.5}", "x.yaml", List.of("train.epochs=3", "data.mode=char"));
        assertEquals(List.of(32), c.model().hidden());
        assertEquals(0.5, c.train().lr());
        assertEquals(3, c.train().epochs());
        assertEquals(DataConfig.Mode.CHAR, c.data().mode());
        assertEquals(TrainConfig.DEFAULTS.batch(), c.train().batch());
        assertEquals(ModelConfig.Impl.FUSED, c.model().impl(), "lmkit's fused layers are the default");
        assertEquals(0.0, c.model().forgetBias());
        assertEquals(0.1, c.train().stateReset());
    }

    @Test
    void unknownKeyIsNamedWithItsPathAndFile() {
        var e = assertThrows(LmkitException.class, () -> ConfigLoader.parse("model: {hiden: [32]}", "configs/x.yaml", List.of()));
        assertTrue(e.getMessage().startsWith("unknown config key 'model.hiden' in configs/x.yaml; did you mean 'model.hidden'?"), e.getMessage());
        var set = assertThrows(LmkitException.class, () -> ConfigLoader.parse("", "configs/quickstart.yaml", List.of("train.epoch=1")));
        assertTrue(set.getMessage().startsWith("unknown config key 'train.epoch' in --set train.epoch=1; did you mean 'train.epochs'?"),
                set.getMessage());
        var far = assertThrows(LmkitException.class, () -> ConfigLoader.parse("model: {colour: red}", "x.yaml", List.of()));
        assertFalse(far.getMessage().contains("did you mean"), far.getMessage());
    }

    @Test
    void wrongTypesAndValuesAreNamed() {
        assertEquals("config key 'train.batch' must be an integer, not 'twenty' in x.yaml",
                assertThrows(LmkitException.class, () -> ConfigLoader.parse("train: {batch: twenty}", "x.yaml", List.of())).getMessage());
        assertEquals("config key 'model.hidden[1]' must be an integer, not '2.5' in x.yaml",
                assertThrows(LmkitException.class, () -> ConfigLoader.parse("model: {hidden: [2, 2.5]}", "x.yaml", List.of())).getMessage());
        assertEquals("config key 'data.mode' must be one of word, char, not 'bytes' in x.yaml",
                assertThrows(LmkitException.class, () -> ConfigLoader.parse("data: {mode: bytes}", "x.yaml", List.of())).getMessage());
        assertEquals("config key 'model' dropout must be in [0, 1) in x.yaml",
                assertThrows(LmkitException.class, () -> ConfigLoader.parse("model: {dropout: 1.5}", "x.yaml", List.of())).getMessage());
        assertEquals("config key 'train' state_reset must be in [0, 1] in x.yaml",
                assertThrows(LmkitException.class, () -> ConfigLoader.parse("train: {state_reset: 2}", "x.yaml", List.of())).getMessage());
        assertTrue(assertThrows(LmkitException.class, () -> ConfigLoader.parse("train: [1, 2", "x.yaml", List.of()))
                .getMessage().startsWith("config is not valid YAML"));
    }

    @Test
    void resolvedConfigRoundTripsThroughYaml() {
        LmConfig c = ConfigLoader.parse("model: {hidden: [7, 9], dropout: 0.25}\ntrain: {optimizer: adam}", "x.yaml", List.of());
        assertEquals(c, ConfigLoader.parse(ConfigLoader.toYaml(c), "again.yaml", List.of()));
    }

    @Test
    void everyShippedConfigLoads() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("configs"))) {
            List<Path> configs = files.filter(p -> p.toString().endsWith(".yaml")).toList();
            assertTrue(configs.size() >= 5, "configs/ ships at least five configs");
            for (Path p : configs) {
                LmConfig c = ConfigLoader.load(p, List.of());
                // a builder copies every setting: a component missing from toBuilder() would fall back to its default
                assertEquals(c, new LmConfig(c.data().toBuilder().build(), c.model().toBuilder().build(), c.train().toBuilder().build()), p.toString());
            }
        }
        LmConfig small = ConfigLoader.load(Path.of("configs/ptb-small.yaml"), List.of());
        assertEquals(List.of(200, 200), small.model().hidden());
        assertEquals(0.1, small.model().initRange());
        assertEquals(13, small.train().epochs());
        assertEquals(5.0, small.train().clipNorm());
    }

    @Test
    void codeBuildsAVariationByName() {
        TrainConfig adam = TrainConfig.DEFAULTS.toBuilder().optimizer(TrainConfig.Optimizer.ADAM).lr(0.002).build();
        assertEquals(ConfigLoader.parse("train: {optimizer: adam, lr: 0.002}", "x.yaml", List.of()).train(), adam);
        assertEquals("config key 'train.optimizer' must be one of sgd, adam, amsgrad, ntasgd, not 'ADAM' in x.yaml",
                assertThrows(LmkitException.class, () -> ConfigLoader.parse("train: {optimizer: ADAM}", "x.yaml", List.of())).getMessage());
    }

    @Test
    void keysThatMustAgreeMayBeSetInEitherOrder() {
        String tied = "model: {embedding: 200, hidden: [200, 200], tie_weights: true}";
        LmConfig c = ConfigLoader.parse(tied, "t.yaml", List.of("model.embedding=300", "model.hidden=[300, 300]"));
        assertEquals(300, c.model().embedding());
        var e = assertThrows(LmkitException.class, () -> ConfigLoader.parse(tied, "t.yaml", List.of("model.embedding=300", "train.lr=2")));
        assertEquals("config key 'model' tie_weights needs the last hidden size (200) to equal embedding (300): the softmax weights are the "
                + "embedding matrix in --set model.embedding=300", e.getMessage(), "still blamed on the --set that broke it");
    }

    /** Nine levels of five aliases inside a known key: a 0.5 KB file whose value prints as 3.5 million words. */
    private static String aliasBomb(String section, String key) {
        StringBuilder levels = new StringBuilder("&a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]");
        for (int level = 1; level < 9; level++) {
            levels.append(", &a").append(level).append(" [").append(String.join(", ", java.util.Collections.nCopies(5, "*a" + (level - 1)))).append("]");
        }
        return section + ": {" + key + ": [[" + levels + "]]}\n";
    }

    @Test
    void aValueBuiltFromAliasesIsQuotedShortNotExpanded() {
        String bomb = aliasBomb("model", "hidden");
        assertTrue(bomb.length() < 1024, "the file is small: " + bomb.length());
        var e = assertThrows(LmkitException.class, () -> ConfigLoader.parse(bomb, "bomb.yaml", List.of()));
        assertTrue(e.getMessage().startsWith("config key 'model.hidden[0]' must be an integer, not '[[lol, lol"), e.getMessage());
        assertTrue(e.getMessage().length() < 400, e.getMessage().length() + " characters");
        var lr = assertThrows(LmkitException.class, () -> ConfigLoader.parse(aliasBomb("train", "lr"), "bomb.yaml", List.of()));
        assertTrue(lr.getMessage().length() < 400, lr.getMessage().length() + " characters");
        var set = assertThrows(LmkitException.class, () -> ConfigLoader.parse("", "x.yaml", List.of("model.hidden=[[1, [2, {a: b}]]]")));
        assertTrue(set.getMessage().startsWith("config key 'model.hidden[0]' must be an integer, not '[1, [2, {a=b}]]'"), set.getMessage());
    }

    @Test
    void invalidYamlInSetIsOneLineNamingTheOption() {
        var e = assertThrows(LmkitException.class, () -> ConfigLoader.parse("", "x.yaml", List.of("model.hidden=[1, 2")));
        assertTrue(e.getMessage().startsWith("--set model.hidden=[1, 2: the value is not valid YAML"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    private static final String SPECIAL = "[]{}:,&*!|>'\"#%@`- \n0x";

    /** Mutated configs (bytes flipped, cut, nested deep, aliased): each binds or is refused in one short line. */
    @Test
    void mutatedConfigsBindOrAreRefusedWithOneLine() {
        String good = "data: {mode: word, train: a.txt}\nmodel: {embedding: 8, hidden: [16, 16], dropout: 0.1}\ntrain: {batch: 4, bptt: 8, epochs: 1, lr: 0.5}\n";
        java.util.Random random = new java.util.Random(10);
        int refused = 0;
        for (int i = 0; i < 3000; i++) {
            char[] c = good.toCharArray();
            String text = switch (i % 4) {
                case 0 -> good.substring(0, random.nextInt(good.length()));
                case 1 -> {
                    for (int k = 1 + random.nextInt(3); k > 0; k--) c[random.nextInt(c.length)] = SPECIAL.charAt(random.nextInt(SPECIAL.length()));
                    yield new String(c);
                }
                case 2 -> "model: ".repeat(1) + "[".repeat(1 + random.nextInt(200)) + "1";
                default -> random.nextBoolean() ? aliasBomb("model", "hidden") : aliasBomb("train", "batch");
            };
            try {
                ConfigLoader.parse(text, "fuzz.yaml", List.of());
            } catch (LmkitException e) {
                assertFalse(e.getMessage().contains("\n"), "case " + i + ": " + e.getMessage());
                assertTrue(e.getMessage().length() < 800, "case " + i + ": " + e.getMessage().length());
                refused++;
            }
        }
        assertTrue(refused > 1000, "refused " + refused);
    }
}
