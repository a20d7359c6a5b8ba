package dev.lmkit.model;

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
}
