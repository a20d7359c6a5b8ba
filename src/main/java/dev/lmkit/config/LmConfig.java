package dev.lmkit.config;

/**
 * A whole experiment: what to read ({@link DataConfig}), what network to build ({@link ModelConfig}), how to train it
 * ({@link TrainConfig}). Config files and {@code --set} bind to it through {@link ConfigBinder}; see configs/*.yaml
 * and docs/configs.md.
 */
public record LmConfig(DataConfig data, ModelConfig model, TrainConfig train) {

    public static final LmConfig DEFAULTS = new LmConfig(DataConfig.DEFAULTS, ModelConfig.DEFAULTS, TrainConfig.DEFAULTS);

    public LmConfig with(DataConfig data) {
        return new LmConfig(data, model, train);
    }

    public LmConfig with(ModelConfig model) {
        return new LmConfig(data, model, train);
    }

    public LmConfig with(TrainConfig train) {
        return new LmConfig(data, model, train);
    }
}
