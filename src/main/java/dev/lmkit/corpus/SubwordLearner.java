package dev.lmkit.corpus;

import dev.lmkit.LmkitException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeSet;

/**
 * Learns {@link Subwords} from a training text's word counts: start from characters, then repeatedly merge the pair of
 * adjacent pieces that occurs most often (counting each word as often as it occurs), until the vocabulary has the asked
 * size. Pair counts are kept up to date for the words a merge touches only, so a WikiText-2-sized text learns in
 * seconds. Ties go to the pair whose pieces sort first, so the same counts always give the same merges.
 */
public final class SubwordLearner {
    private SubwordLearner() {
    }

    /** What a vocabulary holds besides the merged pieces: {@code <unk>}, {@code <eos>}, {@code ▁}, the byte pieces. */
    public static int fixedPieces(int alphabet) {
        return 2 + 1 + alphabet + 256;
    }

    /**
     * Learns an encoding whose vocabulary ({@link #fixedPieces} plus the merges) has {@code vocabSize} entries, or fewer
     * when no pair occurs twice any more.
     */
    public static Subwords learn(Map<String, Long> wordCounts, int vocabSize) {
        TreeSet<String> chars = new TreeSet<>();
        for (String w : wordCounts.keySet()) {
            if (w.equals(Vocabulary.UNK) || w.equals(Vocabulary.EOS)) continue;
            w.codePoints().forEach(c -> chars.add(new String(Character.toChars(c))));
        }
        chars.remove(Subwords.WORD_START);
        List<String> alphabet = new ArrayList<>(chars);
        int mergesWanted = vocabSize - fixedPieces(alphabet.size());
        if (mergesWanted < 0) {
            throw new LmkitException("data.vocab_size " + vocabSize + " is below what the training text's characters need: "
                    + fixedPieces(alphabet.size()) + " (" + alphabet.size() + " characters, ▁, 256 bytes, <unk>, <eos>)");
        }
        return new Subwords(alphabet, new Pairs(wordCounts).merge(mergesWanted));
    }

    /** The words as piece sequences with their counts, and the counts of every adjacent pair. */
    private static final class Pairs {
        private final List<List<String>> words = new ArrayList<>();
        private final List<Long> counts = new ArrayList<>();
        private final Map<String, Long> pairCount = new HashMap<>();
        private final Map<String, List<Integer>> pairWords = new HashMap<>(); // may hold a word twice or stale: checked on use
        private final PriorityQueue<Entry> queue = new PriorityQueue<>();

        private record Entry(long count, String left, String right) implements Comparable<Entry> {
            @Override
            public int compareTo(Entry o) {
                if (count != o.count) return Long.compare(o.count, count);
                int c = left.compareTo(o.left);
                return c != 0 ? c : right.compareTo(o.right);
            }
        }

        Pairs(Map<String, Long> wordCounts) {
            List<String> sorted = new ArrayList<>(wordCounts.keySet());
            java.util.Collections.sort(sorted);
            for (String w : sorted) {
                if (w.equals(Vocabulary.UNK) || w.equals(Vocabulary.EOS)) continue;
                List<String> pieces = new ArrayList<>();
                pieces.add(Subwords.WORD_START);
                w.codePoints().limit(Subwords.MAX_PART).forEach(c -> pieces.add(new String(Character.toChars(c))));
                words.add(pieces);
                counts.add(wordCounts.get(w));
                add(words.size() - 1, +1);
            }
        }

        private static String key(String left, String right) {
            return left + " " + right;
        }

        /** Adds (sign +1) or removes (−1) word {@code i}'s pairs from the counts. */
        private void add(int i, int sign) {
            List<String> p = words.get(i);
            long n = counts.get(i) * sign;
            for (int k = 0; k + 1 < p.size(); k++) {
                String key = key(p.get(k), p.get(k + 1));
                long now = pairCount.merge(key, n, Long::sum);
                if (sign > 0) {
                    pairWords.computeIfAbsent(key, x -> new ArrayList<>()).add(i);
                    queue.add(new Entry(now, p.get(k), p.get(k + 1)));
                } else if (now > 0) {
                    queue.add(new Entry(now, p.get(k), p.get(k + 1)));
                }
            }
        }

        List<String[]> merge(int wanted) {
            List<String[]> merges = new ArrayList<>();
            java.util.Set<String> made = new java.util.HashSet<>();
            while (merges.size() < wanted && !queue.isEmpty()) {
                Entry top = queue.poll();
                String key = key(top.left, top.right);
                if (pairCount.getOrDefault(key, 0L) != top.count) continue; // stale
                if (top.count < 2) break;
                String joined = top.left + top.right;
                if (!made.add(joined) || Subwords.reserved(joined)) { // a piece made twice, or a byte piece's or special token's name
                    pairCount.put(key, 0L);
                    continue;
                }
                merges.add(new String[]{top.left, top.right});
                for (int i : new java.util.LinkedHashSet<>(pairWords.remove(key))) {
                    List<String> p = words.get(i);
                    if (!contains(p, top.left, top.right)) continue;
                    add(i, -1);
                    List<String> merged = new ArrayList<>(p.size());
                    for (int k = 0; k < p.size(); k++) {
                        if (k + 1 < p.size() && p.get(k).equals(top.left) && p.get(k + 1).equals(top.right)) {
                            merged.add(joined);
                            k++;
                        } else {
                            merged.add(p.get(k));
                        }
                    }
                    words.set(i, merged);
                    add(i, +1);
                }
                pairCount.remove(key);
            }
            return merges;
        }

        private static boolean contains(List<String> p, String left, String right) {
            for (int k = 0; k + 1 < p.size(); k++) if (p.get(k).equals(left) && p.get(k + 1).equals(right)) return true;
            return false;
        }
    }
}
