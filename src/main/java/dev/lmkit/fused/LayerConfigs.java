package dev.lmkit.fused;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/** Copies a built DL4J layer configuration into lmkit's subclass of it (DL4J's builders are final about their classes). */
final class LayerConfigs {
    private LayerConfigs() {
    }

    static <T> T copy(Object from, T into, Class<?> declaredIn) {
        for (Class<?> c = declaredIn; c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) continue;
                f.setAccessible(true);
                try {
                    f.set(into, f.get(from));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return into;
    }

    /** Wires a layer implementation to its configuration and its slice of the network's parameters, as DL4J's own layers do. */
    static <L extends org.deeplearning4j.nn.api.Layer> L wire(L layer, org.deeplearning4j.nn.api.ParamInitializer initializer,
                                                           org.deeplearning4j.nn.conf.NeuralNetConfiguration conf,
                                                           java.util.Collection<org.deeplearning4j.optimize.api.TrainingListener> listeners,
                                                           int index, org.nd4j.linalg.api.ndarray.INDArray paramsView, boolean initialize) {
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(initializer.init(conf, paramsView, initialize));
        layer.setConf(conf);
        return layer;
    }
}
