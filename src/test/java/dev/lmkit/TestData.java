package dev.lmkit;

import dev.lmkit.config.ConfigLoader;
import dev.lmkit.config.LmConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small corpora and configs written into a test's temp directory. */
public final class TestData {
    public static final Path SHARED = Path.of("..", "shared", "data");

    private TestData() {
    }

    /** A few hundred lines of a tiny repetitive language, so a small model learns something quickly. */
    public static Path tinyCorpus(Path dir, String name, int lines, long seed) throws IOException {
        String[] subjects = {"the cat", "the dogs", "a bird", "the children"};
        String[] verbs = {"sees", "see", "likes", "like"};
        String[] objects = {"the ball", "a tree", "the river", "some bread"};
        SplittableRandom r = new SplittableRandom(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            out.add(subjects[r.nextInt(4)] + " " + verbs[r.nextInt(4)] + " " + objects[r.nextInt(4)] + " .");
        }
        Path file = dir.resolve(name);
        Files.write(file, out);
        return file;
    }

    /** A small word-model config over train/valid files in {@code dir}. */
    public static LmConfig tinyConfig(Path dir, String... overrides) throws IOException {
        Path train = tinyCorpus(dir, "train.txt", 400, 1);
        Path valid = tinyCorpus(dir, "valid.txt", 40, 2);
        String yaml = """
                data: {mode: word, train: %s, valid: %s}
                model: {embedding: 8, hidden: [12, 12], init_range: 0.1}
                train: {optimizer: sgd, lr: 1.0, batch: 4, bptt: 6, epochs: 2, seed: 3, clip_norm: 5.0}
                """.formatted(train, valid);
        return ConfigLoader.parse(yaml, "test.yaml", List.of(overrides));
    }

    /**
     * Copies an input a fuzz test failed on to {@code target/fuzz-failures/}, where it outlives the test's temporary
     * directory: add it to the test's crafted cases once the bug is fixed.
     */
    public static Path keepFailing(Path input, String reader) {
        try {
            Path kept = Files.createDirectories(Path.of("target", "fuzz-failures", reader)).resolve(input.getFileName());
            Files.copy(input, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return kept.toAbsolutePath();
        } catch (IOException e) {
            return input;
        }
    }
}
