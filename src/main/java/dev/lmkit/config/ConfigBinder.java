package dev.lmkit.config;

import dev.lmkit.LmkitException;
import dev.lmkit.Messages;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.*;

/**
 * Binds a YAML tree to config records, strictly: an unknown key, a wrong type or a value outside
 * an enum's constants is an error naming the key path and the file. Keys are the snake_case form of the
 * record components; a missing key takes the value of the record's {@code DEFAULTS}.
 */
public final class ConfigBinder {
    private final String source;

    public ConfigBinder(String source) {
        this.source = source;
    }

    public <R extends Record> R bind(Object tree, Class<R> type, R defaults, String path) {
        if (tree == null) return defaults;
        if (!(tree instanceof Map<?, ?> map)) throw error(path, "must be a mapping");
        RecordComponent[] components = type.getRecordComponents();
        Set<String> known = new LinkedHashSet<>();
        for (RecordComponent c : components) known.add(snake(c.getName()));
        for (Object key : map.keySet()) {
            if (!(key instanceof String) || !known.contains(key)) {
                String name = Messages.quote(key);
                String near = nearest(name, known);
                throw new LmkitException("unknown config key '" + join(path, name) + "' in " + source
                        + (near != null ? "; did you mean '" + join(path, near) + "'?" : "") + " (known: " + String.join(", ", known) + ")");
            }
        }
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            types[i] = c.getType();
            String key = join(path, snake(c.getName()));
            Object fallback = read(c, defaults);
            args[i] = map.containsKey(snake(c.getName()))
                    ? convert(map.get(snake(c.getName())), c.getGenericType(), fallback, key)
                    : fallback;
        }
        try {
            return type.getDeclaredConstructor(types).newInstance(args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw error(path, e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private Object convert(Object value, Type type, Object fallback, String key) {
        if (value == null) throw error(key, "has no value");
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw == int.class || raw == Integer.class) {
            if (value instanceof Integer i) return i;
            throw error(key, "must be an integer, not '" + Messages.quote(value) + "'");
        }
        if (raw == long.class) {
            if (value instanceof Integer || value instanceof Long) return ((Number) value).longValue();
            throw error(key, "must be an integer, not '" + Messages.quote(value) + "'");
        }
        if (raw == double.class) {
            if (value instanceof Number n) return n.doubleValue();
            throw error(key, "must be a number, not '" + Messages.quote(value) + "'");
        }
        if (raw == boolean.class) {
            if (value instanceof Boolean b) return b;
            throw error(key, "must be true or false, not '" + Messages.quote(value) + "'");
        }
        if (raw == String.class) {
            if (value instanceof String || value instanceof Number || value instanceof Boolean) return value.toString();
            throw error(key, "must be a string");
        }
        if (raw.isEnum()) {
            List<String> names = names(raw);
            int i = value instanceof String text ? names.indexOf(text) : -1;
            if (i < 0) throw error(key, "must be one of " + String.join(", ", names) + ", not '" + Messages.quote(value) + "'");
            return raw.getEnumConstants()[i];
        }
        if (raw == List.class) {
            if (!(value instanceof List<?> list)) throw error(key, "must be a list");
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) out.add(convert(list.get(i), element, null, key + "[" + i + "]"));
            return List.copyOf(out);
        }
        if (Record.class.isAssignableFrom(raw)) {
            return bind(value, (Class<Record>) raw, (Record) fallback, key);
        }
        throw new IllegalStateException("unsupported config type " + type);
    }

    static Object read(RecordComponent c, Object instance) {
        try {
            return c.getAccessor().invoke(instance);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The record as a YAML-ready tree with snake_case keys (the inverse of {@link #bind}). */
    public static Map<String, Object> toTree(Record record) {
        Map<String, Object> tree = new LinkedHashMap<>();
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            Object value = read(c, record);
            tree.put(snake(c.getName()), value instanceof Record r ? toTree(r) : value instanceof Enum<?> e ? name(e) : value);
        }
        return tree;
    }

    /** An enum constant as config files write it: {@code Optimizer.NTASGD} is {@code ntasgd}. */
    public static String name(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /** The values a config file may give for an enum-typed key, in declaration order. */
    static List<String> names(Class<?> enumType) {
        List<String> names = new ArrayList<>();
        for (Object constant : enumType.getEnumConstants()) names.add(name((Enum<?>) constant));
        return names;
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private LmkitException error(String key, String problem) {
        return new LmkitException("config key '" + key + "' " + problem + " in " + source);
    }

    /** The known key within two edits of {@code key} (a typo), or null. */
    static String nearest(String key, Collection<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = editDistance(key, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best;
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1], current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
