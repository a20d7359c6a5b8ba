package dev.lmkit.corpus;

/** A token stream as vocabulary ids, with how many tokens fell back to {@code <unk>} because they were unseen. */
public record EncodedText(int[] ids, long unseen) {
    public int length() {
        return ids.length;
    }
}
