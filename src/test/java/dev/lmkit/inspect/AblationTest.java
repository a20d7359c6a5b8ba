package dev.lmkit.inspect;

import dev.lmkit.LmkitException;
import dev.lmkit.agreement.SuiteReader;
import dev.lmkit.agreement.SuiteSummary;
import dev.lmkit.agreement.Suite;
import dev.lmkit.model.ModelBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class AblationTest {
    @TempDir
    Path dir;

    @Test
    void silencingThePlantedNumberUnitDropsAgreementToChanceAndTheScanRanksItFirst() throws Exception {
        ModelBundle model = PlantedModel.model(dir, true);
        List<Suite> suites = SuiteReader.read(PlantedModel.suite(dir, 20, 1), null, false);
        Ablation.Accuracy intact = Ablation.accuracy(model, suites, List.of());
        assertEquals(1.0, intact.value(), "the planted model agrees on every item");
        assertEquals(0.5, Ablation.accuracy(model, suites, Ablation.Unit.parse("1:0")).value(), 1e-9, "without unit 0: always singular");

        Ablation.Scan scan = Ablation.scan(model, suites, 1, null);
        List<Ablation.Effect> ranked = scan.ranked();
        assertEquals(new Ablation.Unit(1, 0), ranked.get(0).unit());
        assertEquals(0.5, ranked.get(0).drop(), 1e-9);
        Ablation.Effect flag = ranked.get(1);
        assertEquals(new Ablation.Unit(1, 1), flag.unit(), "the unit that guards the number against attractors comes second");
        assertEquals(1.0, flag.accuracy().group("attractors=0"), 1e-9, "no attractor: nothing lost");
        assertEquals(0.0, flag.accuracy().group("attractors=1"), 1e-9, "an attractor overwrites the number");
        for (Ablation.Effect e : ranked.subList(2, 4)) assertEquals(0.0, e.drop(), 1e-9, "unit " + e.unit() + " carries no number");

        List<SuiteSummary> again = List.of(SuiteSummary.of(suites.get(0), suites.get(0).score(model), false));
        assertEquals(1.0, again.get(0).accuracy(), "the model file is unchanged: ablation ends with the reading");
    }

    @Test
    void namesUnitsThatTheModelDoesNotHave() throws Exception {
        ModelBundle model = PlantedModel.model(dir, true);
        List<Suite> suites = SuiteReader.read(PlantedModel.suite(dir, 2, 1), null, false);
        assertEquals("unit 1:4: layer 1 has units 0 to 3",
                assertThrows(LmkitException.class, () -> Ablation.accuracy(model, suites, Ablation.Unit.parse("1:4"))).getMessage());
        assertEquals("unit 2:0: the model has LSTM layers 1 to 1",
                assertThrows(LmkitException.class, () -> Ablation.accuracy(model, suites, Ablation.Unit.parse("2:0"))).getMessage());
        assertTrue(assertThrows(LmkitException.class, () -> Ablation.Unit.parse("1-0")).getMessage().startsWith("--units takes layer:unit pairs"));
    }
}
