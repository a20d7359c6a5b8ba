package dev.lmkit.config;

import dev.lmkit.LmkitException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** One source for config keys: the records, the command's listing and docs/configs.md agree. */
class ConfigKeysTest {
    @Test
    void everyKeyHasATypeADefaultAndADescription() {
        List<ConfigKeys.Key> keys = ConfigKeys.keys();
        assertEquals(50, keys.size(), "a new key needs its @Doc, and this count");
        for (ConfigKeys.Key k : keys) assertFalse(k.description().isBlank(), k.key() + " has no @Doc");
        assertTrue(keys.contains(new ConfigKeys.Key("train.optimizer", "string", "sgd", List.of("sgd", "adam", "amsgrad", "ntasgd"),
                "sgd; adam; amsgrad (Adam whose squared-gradient average never shrinks: Reddi et al. 2018); or ntasgd (SGD that starts averaging the weights at the non-monotonic trigger)")));
        // every listed key binds: the listing names the keys the binder knows
        for (ConfigKeys.Key k : keys) {
            String value = k.defaultValue().isEmpty() ? "''" : k.defaultValue();
            assertDoesNotThrow(() -> ConfigLoader.parse("", "t", List.of(k.key() + "=" + value)), k.key());
        }
    }

    @Test
    void everyListedCombinationIsRefusedByBinding() {
        for (ConfigKeys.Rule r : ConfigKeys.RULES) {
            var e = assertThrows(LmkitException.class, () -> ConfigLoader.parse("", "t", r.example()), r.text());
            assertTrue(e.getMessage().contains(r.refusal()), r.text() + ": " + e.getMessage());
        }
    }

    @Test
    void docsConfigsMdIsWhatTheCommandGenerates() throws Exception {
        assertEquals(ConfigKeys.markdown(), Files.readString(Path.of("docs/configs.md")),
                "regenerate it: ./lmkit config keys --markdown > docs/configs.md");
    }
}
