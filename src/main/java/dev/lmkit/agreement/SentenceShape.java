package dev.lmkit.agreement;

import dev.lmkit.LmkitException;

/**
 * The sentence shapes of lmkit's agreement grammar, each listed once: its key in
 * {@code corpora/agreement-grammar.yaml}, the suite {@code ./lmkit agreement generate} writes for it
 * (none for {@code pp_pp}) and how many attractors it can hold.
 */
public enum SentenceShape {
    SIMPLE("simple", "simple_agreement", 0),                            // the dog sleeps
    PP("pp", "across_prepositional_phrase", 1),                         // the dog near the cats sleeps
    PP_PP("pp_pp", null, 2),                                            // the dog near the cats behind the house sleeps
    SUBJECT_RC("subject_rc", "across_subject_relative_clause", 1),      // the dog that likes the cats sleeps
    OBJECT_RC("object_rc", "across_object_relative_clause", 1),         // the dog that the cats like sleeps
    OBJECT_RC_NO_THAT("object_rc_no_that", "across_object_relative_clause_no_that", 1),
    COMPLEMENT("complement", "in_sentential_complement", 1),            // the cats think that the dog sleeps
    VP_COORD_SHORT("vp_coord_short", "short_vp_coordination", 0),       // the dog sleeps and barks
    VP_COORD_LONG("vp_coord_long", "long_vp_coordination", 1);          // the dog likes the cats and barks

    private final String key;
    private final String suite;
    private final int capacity;

    SentenceShape(String key, String suite, int capacity) {
        this.key = key;
        this.suite = suite;
        this.capacity = capacity;
    }

    public String key() {
        return key;
    }

    /** The generated suite's name, or null when the shape has none. */
    public String suite() {
        return suite;
    }

    /** The most attractors a sentence of this shape can hold. */
    public int capacity() {
        return capacity;
    }

    public static SentenceShape of(String key) {
        for (SentenceShape s : values()) if (s.key.equals(key)) return s;
        throw new LmkitException("unknown sentence shape '" + key + "'");
    }
}
