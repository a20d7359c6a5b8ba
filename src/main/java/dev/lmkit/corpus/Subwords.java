package dev.lmkit.corpus;

import dev.lmkit.LmkitException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Byte-pair encoding of words (Sennrich et al. 2016), written as SentencePiece writes its pieces: a word is
 * {@code ▁} followed by its characters, and the merges learned from the training text's word counts join the most
 * frequent adjacent pair, again and again. A word becomes pieces by applying the merges in the order they were
 * learned. A character the training text never had becomes its UTF-8 bytes ({@code <0xE2>}…), so every text has
 * pieces and no word is ever unknown. {@code <unk>} and {@code <eos>} stay whole.
 */
public final class Subwords {
    /** Marks a piece that starts a word. */
    public static final String WORD_START = "\u2581";
    static final String FORMAT = "lmkit subwords 1";
    private static final Pattern BYTE = Pattern.compile("<0x[0-9A-F]{2}>");
    /** Words are encoded in parts of at most this many characters: the merge loop is quadratic in a part's length. */
    static final int MAX_PART = 128;

    private final List<String> alphabet;     // the training text's characters, ▁ first
    private final List<String[]> merges;     // in the order learned: rank = index
    private final Map<String, Integer> rank = new HashMap<>();
    private final Set<String> symbols = new LinkedHashSet<>();
    private final Map<String, List<String>> cache = new HashMap<>();

    Subwords(List<String> alphabet, List<String[]> merges) {
        this.alphabet = List.copyOf(alphabet);
        this.merges = List.copyOf(merges);
        symbols.add(WORD_START);
        for (String c : alphabet) {
            if (c.codePointCount(0, c.length()) != 1) throw new IllegalArgumentException("not one character: " + c);
            symbols.add(c);
        }
        for (int i = 0; i < merges.size(); i++) {
            String[] m = merges.get(i);
            if (m.length != 2 || !symbols.contains(m[0]) || !symbols.contains(m[1])) {
                throw new IllegalArgumentException("merge " + (i + 1) + " joins pieces not defined before it");
            }
            String joined = m[0] + m[1];
            if (reserved(joined) || !symbols.add(joined)) throw new IllegalArgumentException("merge " + (i + 1) + " makes a piece twice");
            rank.put(m[0] + " " + m[1], i);
        }
        for (int b = 0; b < 256; b++) symbols.add(bytePiece(b));
    }

    /** Every piece this encoding can produce: {@code ▁}, the alphabet, the merged pieces, the 256 byte pieces. */
    public Set<String> pieces() {
        return java.util.Collections.unmodifiableSet(symbols);
    }

    public List<String> alphabet() {
        return alphabet;
    }

    public List<String[]> merges() {
        return merges;
    }

    /** The pieces of one word (no whitespace in it); {@code <unk>} and {@code <eos>} as they are. */
    public synchronized List<String> encode(String word) {
        if (word.equals(Vocabulary.UNK) || word.equals(Vocabulary.EOS)) return List.of(word);
        List<String> known = cache.get(word);
        if (known != null) return known;
        List<String> out = new ArrayList<>();
        int[] cps = word.codePoints().toArray();
        for (int from = 0; from < cps.length; from += MAX_PART) {
            List<String> part = new ArrayList<>();
            if (from == 0) part.add(WORD_START);
            for (int i = from; i < Math.min(cps.length, from + MAX_PART); i++) {
                String c = new String(cps, i, 1);
                if (symbols.contains(c) && !c.equals(WORD_START)) {
                    part.add(c);
                } else {
                    for (byte b : c.getBytes(StandardCharsets.UTF_8)) part.add(bytePiece(b & 0xFF));
                }
            }
            out.addAll(merge(part));
        }
        List<String> pieces = List.copyOf(out);
        if (cache.size() < 1 << 20) cache.put(word, pieces);
        return pieces;
    }

    /** Applies the merges to a part, the earliest-learned applicable pair first (leftmost on a tie). */
    private List<String> merge(List<String> part) {
        while (part.size() > 1) {
            int best = -1, bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < part.size(); i++) {
                Integer r = rank.get(part.get(i) + " " + part.get(i + 1));
                if (r != null && r < bestRank) {
                    bestRank = r;
                    best = i;
                }
            }
            if (best < 0) break;
            part.set(best, part.get(best) + part.get(best + 1));
            part.remove(best + 1);
        }
        return part;
    }

    /** Whether a piece begins a word: a {@code ▁} piece, {@code <eos>} or {@code <unk>}. */
    public static boolean startsWord(String piece) {
        return piece.startsWith(WORD_START) || piece.equals(Vocabulary.EOS) || piece.equals(Vocabulary.UNK);
    }

    /** How many of {@code ids[from..]} begin a word (a {@code ▁} piece, {@code <eos>} or {@code <unk>}): the words a per-word perplexity divides by. */
    public static long wordStarts(Vocabulary vocab, int[] ids, int from) {
        long n = 0;
        for (int i = Math.max(0, from); i < ids.length; i++) {
            if (startsWord(vocab.token(ids[i]))) n++;
        }
        return n;
    }

    /** The words again from pieces: a piece starting with {@code ▁} starts a word; byte pieces are decoded as UTF-8. */
    public static List<String> words(List<String> pieces) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (String p : pieces) {
            boolean starts = startsWord(p);
            if (starts || word == null) {
                if (word != null) words.add(flush(word, bytes));
                word = new StringBuilder();
            }
            if (BYTE.matcher(p).matches()) {
                bytes.write(Integer.parseInt(p.substring(3, 5), 16));
                continue;
            }
            flush(word, bytes);
            word.append(p.startsWith(WORD_START) ? p.substring(WORD_START.length()) : p);
        }
        if (word != null) words.add(flush(word, bytes));
        return words;
    }

    private static String flush(StringBuilder word, java.io.ByteArrayOutputStream bytes) {
        if (bytes.size() > 0) {
            word.append(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
            bytes.reset();
        }
        return word.toString();
    }

    /** A name no merged piece may have: a byte piece's, {@code <unk>}, {@code <eos>}. */
    static boolean reserved(String piece) {
        return BYTE.matcher(piece).matches() || piece.equals(Vocabulary.UNK) || piece.equals(Vocabulary.EOS);
    }

    static String bytePiece(int b) {
        return String.format("<0x%02X>", b);
    }

    /** The encoding as text: the format line, the alphabet on one line (characters separated by spaces), then a merge per line. */
    public String write() {
        StringBuilder out = new StringBuilder(FORMAT).append('\n');
        out.append(String.join(" ", alphabet)).append('\n');
        for (String[] m : merges) out.append(m[0]).append(' ').append(m[1]).append('\n');
        return out.toString();
    }

    /** Reads what {@link #write} wrote; {@code where} names the file in a one-line error. */
    public static Subwords read(String text, String where) {
        String[] lines = text.split("\n", -1);
        if (lines.length < 2 || !lines[0].equals(FORMAT)) throw new LmkitException("not an lmkit subword encoding (no '" + FORMAT + "' line): " + where);
        List<String> alphabet = lines[1].isEmpty() ? List.of() : List.of(lines[1].split(" "));
        List<String[]> merges = new ArrayList<>();
        for (int i = 2; i < lines.length; i++) {
            if (lines[i].isEmpty() && i == lines.length - 1) break;
            String[] m = lines[i].split(" ");
            if (m.length != 2 || m[0].isEmpty() || m[1].isEmpty()) throw new LmkitException("damaged subword encoding, line " + (i + 1) + ": " + where);
            merges.add(m);
        }
        try {
            return new Subwords(alphabet, merges);
        } catch (IllegalArgumentException e) {
            throw new LmkitException("damaged subword encoding (" + e.getMessage() + "): " + where);
        }
    }
}
