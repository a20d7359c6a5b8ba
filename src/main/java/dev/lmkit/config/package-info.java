/**
 * Configs: YAML files and {@code --set} overrides bound strictly to the {@link dev.lmkit.config.LmConfig}
 * records (an unknown key, a wrong type or a value out of range is one line naming the key and the file).
 */
package dev.lmkit.config;
