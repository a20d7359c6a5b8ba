package dev.lmkit.inspect;

import dev.lmkit.LmkitException;
import dev.lmkit.agreement.Suite;
import dev.lmkit.agreement.SuiteReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ProbeTest {
    @TempDir
    Path dir;

    @Test
    void readsThePlantedNumberEverywhereAndARandomModelNearTheMajority() throws Exception {
        List<Suite> suites = SuiteReader.read(PlantedModel.suite(dir, 60, 2), null, false);
        Probe planted = Probe.run(PlantedModel.model(dir, true), suites, 7);
        assertEquals(360, planted.trainItems() + planted.testItems());
        assertEquals(72, planted.testItems(), "a fifth held out");
        for (Probe.Cell c : planted.cells()) {
            if (c.state().equals("h") || c.position().equals("subject")) {
                assertTrue(c.all().accuracy() >= 0.98, c + ": the planted unit holds the number");
            }
            if (c.position().equals("attractor")) {
                assertTrue(c.all().n() > 30 && c.all().n() < 65, c + ": only the items with a noun between (two thirds)");
            } else {
                assertEquals(72, c.all().n(), c.toString());
            }
        }
        // With an attractor always between, the word before the verb is that noun: a random network shows its number, not
        // the subject's, and half the attractors are of the other number.
        List<Suite> across = SuiteReader.read(PlantedModel.suite(dir, 60, 3, "match", "mismatch"), null, false);
        Probe random = Probe.run(PlantedModel.model(Files.createDirectories(dir.resolve("r")), false), across, 7);
        Probe plantedAcross = Probe.run(PlantedModel.model(dir, true), across, 7);
        for (int i = 0; i < random.cells().size(); i++) {
            Probe.Cell r = random.cells().get(i), p = plantedAcross.cells().get(i);
            if (!r.position().equals("before verb")) continue;
            assertTrue(r.all().accuracy() < random.majority() + 0.15, r + " against the majority " + random.majority());
            if (p.state().equals("h")) assertTrue(p.all().accuracy() >= 0.98, p.toString());
        }
    }

    @Test
    void refusesSuitesThatDoNotSayWhereTheSubjectIs() throws Exception {
        Path tsv = dir.resolve("pairs.tsv");
        Files.write(tsv, List.of("grammatical\tungrammatical", "the noun1 sleeps\tthe noun1 sleep"));
        var e = assertThrows(LmkitException.class, () -> Probe.run(PlantedModel.model(dir, true), SuiteReader.read(tsv, null, false), 1));
        assertEquals("suite pairs (tsv) does not say where the subject is: probe reads suites mined by `agreement mine` or written by "
                + "`agreement generate`", e.getMessage());
    }
}
