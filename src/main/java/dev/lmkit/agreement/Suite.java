package dev.lmkit.agreement;

import dev.lmkit.model.ModelBundle;

import java.util.List;

/** A benchmark file (or file set) read into memory, ready to score against any model. */
public interface Suite {
    /** Sentences per forward pass when a suite is scored. */
    int BATCH = 64;

    String name();

    String format();

    int size();

    /**
     * Each item's subject (where it is, its number), in item order, when the suite file says for every item ({@link
     * SubjectNumber}); null otherwise. What {@code ./lmkit probe} reads.
     */
    default List<SubjectNumber> subjects() {
        return null;
    }

    /** Scores every item; text reaches the model through its {@link dev.lmkit.model.ModelText}. */
    List<ItemResult> score(ModelBundle model);
}
