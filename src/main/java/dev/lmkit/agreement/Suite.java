package dev.lmkit.agreement;

import java.util.List;

/** A benchmark file (or file set) read into memory, ready to score against any model. */
public interface Suite {
    String name();

    String format();

    int size();

    List<ItemResult> score(ModelText model);
}
