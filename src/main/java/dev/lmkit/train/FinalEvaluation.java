package dev.lmkit.train;

import dev.lmkit.config.TrainConfig;
import dev.lmkit.corpus.Corpus;
import dev.lmkit.eval.Nll;
import dev.lmkit.eval.Scorer;
import dev.lmkit.model.ModelBundle;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.nio.file.Path;

/** How a finished run (one machine's or a cluster's) is reported: its best model on the validation and test texts. */
public record FinalEvaluation(Nll valid, Nll test) {
    /** {@code best}: the run directory (its best.zip, else last.zip) or a model file; {@code skipTest}: a stop asked to skip it. */
    public static FinalEvaluation of(Path best, Corpus corpus, TrainConfig t, boolean skipTest) {
        MultiLayerNetwork net = ModelBundle.load(best).net();
        Nll valid = corpus.valid().length() < 2 ? null : Scorer.textNll(net, corpus.valid().ids(), t.evalBatch(), t.bptt());
        Nll test = skipTest || corpus.test().length() < 2 ? null : Scorer.textNll(net, corpus.test().ids(), t.evalBatch(), t.bptt());
        return new FinalEvaluation(valid, test);
    }
}
