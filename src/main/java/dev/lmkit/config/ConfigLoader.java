package dev.lmkit.config;

import dev.lmkit.LmkitException;
import dev.lmkit.Messages;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code configs/*.yaml} (plus {@code --set key.path=value} overrides) into an {@link LmConfig}. */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    public static LmConfig load(Path file, List<String> overrides) {
        if (!Files.isRegularFile(file)) throw new LmkitException("config not found: " + file);
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new LmkitException("cannot read config " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString(), overrides);
    }

    public static LmConfig parse(String yamlText, String source, List<String> overrides) {
        Object tree;
        try {
            tree = yaml().load(yamlText);
        } catch (YAMLException e) {
            throw new LmkitException("config is not valid YAML (" + problem(e) + "): " + source);
        }
        if (tree == null) tree = new LinkedHashMap<>();
        if (!(tree instanceof Map)) throw new LmkitException("config must be a YAML mapping: " + source);
        @SuppressWarnings("unchecked") Map<String, Object> root = (Map<String, Object>) tree;
        LmConfig config = new ConfigBinder(source).bind(root, LmConfig.class, LmConfig.DEFAULTS, "");
        LmkitException first = null;
        for (String override : overrides) { // one at a time, so a mistake is blamed on its --set, not the file
            apply(root, override, source);
            try {
                config = new ConfigBinder("--set " + Messages.quote(override)).bind(root, LmConfig.class, LmConfig.DEFAULTS, "");
            } catch (LmkitException e) {
                // keys that must agree (model.embedding with a tied model's hidden size) may be set in either order:
                // only the configuration after the last --set has to be valid
                if (first == null) first = e;
            }
        }
        if (first != null) {
            try {
                config = new ConfigBinder(Messages.quote("--set " + String.join(" --set ", overrides))).bind(root, LmConfig.class, LmConfig.DEFAULTS, "");
            } catch (LmkitException e) {
                throw first;
            }
        }
        return config;
    }

    public static String toYaml(LmConfig config) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(ConfigBinder.toTree(config));
    }

    @SuppressWarnings("unchecked")
    private static void apply(Map<String, Object> root, String override, String source) {
        int eq = override.indexOf('=');
        if (eq <= 0) throw new LmkitException("--set takes key.path=value, not '" + Messages.quote(override) + "'");
        String[] path = override.substring(0, eq).split("\\.");
        Object value;
        try {
            value = yaml().load(override.substring(eq + 1));
        } catch (YAMLException e) {
            throw new LmkitException("--set " + Messages.quote(override) + ": the value is not valid YAML (" + problem(e) + ")");
        }
        Map<String, Object> node = root;
        for (int i = 0; i < path.length - 1; i++) {
            Object child = node.computeIfAbsent(path[i], k -> new LinkedHashMap<String, Object>());
            if (!(child instanceof Map)) throw new LmkitException("--set " + Messages.quote(override) + ": '" + Messages.quote(path[i]) + "' is not a section in " + source);
            node = (Map<String, Object>) child;
        }
        node.put(path[path.length - 1], value);
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false); // a second `model:` block must not silently win
        return new Yaml(new SafeConstructor(options));
    }

    /** SnakeYAML's problem and its line ("found duplicate key model, line 2"), without its multi-line context. */
    private static String problem(YAMLException e) {
        if (e instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblem() != null) {
            return Messages.quote(m.getProblem().trim()) + (m.getProblemMark() != null ? ", line " + (m.getProblemMark().getLine() + 1) : "");
        }
        return Messages.quote(firstLine(e.getMessage()));
    }

    private static String firstLine(String s) {
        return s == null ? "parse error" : s.lines().findFirst().orElse(s).trim();
    }
}
