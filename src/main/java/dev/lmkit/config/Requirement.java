package dev.lmkit.config;

/**
 * The check behind the config records' validation. It lives outside {@link LmConfig} on purpose: a
 * nested record calling a static method of LmConfig would initialise LmConfig while that record's
 * own DEFAULTS were still null, and LmConfig.DEFAULTS would then hold the null.
 */
final class Requirement {
    private Requirement() {
    }

    static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }
}
