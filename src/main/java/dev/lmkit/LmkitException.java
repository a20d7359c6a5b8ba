package dev.lmkit;

/**
 * A problem with the user's input (corpus, config, model file) rather than a bug.
 * The CLI prints its message as one line and exits with status 2.
 */
public class LmkitException extends RuntimeException {
    public LmkitException(String message) {
        super(message);
    }

    public LmkitException(String message, Throwable cause) {
        super(message, cause);
    }
}
