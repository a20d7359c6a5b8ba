package dev.lmkit.inspect;

import dev.lmkit.config.LmConfig;
import dev.lmkit.config.ModelConfig;
import dev.lmkit.fused.FusedLstmLayer;
import dev.lmkit.model.ModelBundle;
import dev.lmkit.model.NetworkFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.ArrayList;
import java.util.List;

/**
 * A model as lmkit's fused layers compute it, whose LSTM layers can be read out and ablated: the model itself when it
 * has them, otherwise a twin with the same weights (DL4J's stock layers compute the same function).
 */
final class FusedView {
    private FusedView() {
    }

    static ModelBundle of(ModelBundle bundle) {
        if (bundle.config().model().impl() == ModelConfig.Impl.FUSED) return bundle;
        LmConfig fused = bundle.config().with(bundle.config().model().toBuilder().impl(ModelConfig.Impl.FUSED).build());
        MultiLayerNetwork twin = new MultiLayerNetwork(NetworkFactory.configuration(fused, bundle.vocab().size(),
                bundle.net().params().dataType()));
        twin.init(bundle.net().params().dup(), false);
        return new ModelBundle(twin, bundle.vocab(), fused, bundle.state(), bundle.subwords());
    }

    /** The LSTM layers, bottom up. */
    static List<FusedLstmLayer> lstms(ModelBundle fused) {
        List<FusedLstmLayer> out = new ArrayList<>();
        MultiLayerNetwork net = fused.net();
        for (int i = 0; i < net.getnLayers(); i++) if (net.getLayer(i) instanceof FusedLstmLayer l) out.add(l);
        return out;
    }
}
