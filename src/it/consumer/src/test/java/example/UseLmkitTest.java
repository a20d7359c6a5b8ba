package example;

import dev.lmkit.api.LanguageModel;
import dev.lmkit.api.Quickstart;
import dev.lmkit.eval.ScoredText;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** What a Java engineer does with lmkit as a dependency: train a small model, load it, score sentences. */
class UseLmkitTest {
    @Test
    void trainsLoadsAndScoresWithTheBundledDefaults() throws Exception {
        Path run = Files.createTempDirectory("consumer").resolve("run");
        // configs/quickstart.yaml and the agreement grammar come from inside lmkit's jar
        Quickstart.run(new Quickstart.Options(run, 2000, 20, 1, List.of("train.epochs=1")), System.out);

        LanguageModel lm = LanguageModel.load(run);
        ScoredText scored = lm.surprisals("the keys to the cabinet are on the table");
        System.out.println(scored);
        assertEquals(List.of("the", "keys", "to", "the", "cabinet", "are", "on", "the", "table", "<eos>"), scored.tokens());
        for (double s : scored.surprisals()) assertTrue(Double.isFinite(s) && s >= 0, scored.toString());
    }

    @Test
    void theClasspathHoldsOneNativeBuildAndNoImageOrVideoLibraries() {
        List<String> jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(p -> Path.of(p).getFileName().toString()).toList();
        for (String unwanted : List.of("opencv", "ffmpeg", "leptonica", "tesseract", "hdf5", "javacv", "vertx",
                "deeplearning4j-ui", "android", "ios-", "ppc64le", "armhf")) {
            assertTrue(jars.stream().noneMatch(j -> j.contains(unwanted)), unwanted + " in " + jars);
        }
        List<String> nd4jNatives = jars.stream().filter(j -> j.matches("nd4j-native-[0-9].*-(linux|macosx|windows).*\\.jar")).toList();
        assertEquals(1, nd4jNatives.size(), nd4jNatives.toString());
        System.out.println(jars.size() + " jars on the consumer's test classpath");
    }
}
