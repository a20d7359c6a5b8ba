package dev.lmkit;

import java.util.Collection;
import java.util.Map;

/**
 * Quoting outside input in one-line messages. A value from a file can be huge (a YAML alias graph expands to
 * gigabytes when printed whole) or hold line breaks; a message shows at most {@link #LIMIT} characters of it.
 */
public final class Messages {
    public static final int LIMIT = 200;

    private Messages() {
    }

    /** {@code text} on one line, cut to {@link #LIMIT} characters with "…" when longer. */
    public static String quote(String text) {
        if (text == null) return "null";
        StringBuilder out = new StringBuilder();
        append(out, text);
        return out.toString();
    }

    /**
     * A value read from YAML or JSON (maps, lists, scalars) rendered like {@code toString()}, but stopping after
     * {@link #LIMIT} characters without visiting the rest: shared subtrees are never expanded past the cut.
     */
    public static String quote(Object value) {
        StringBuilder out = new StringBuilder();
        render(out, value, 0);
        return out.length() > LIMIT ? out.substring(0, LIMIT) + "…" : out.toString();
    }

    private static boolean render(StringBuilder out, Object value, int depth) {
        if (out.length() > LIMIT) return false;
        if (depth > 50) {
            out.append("…");
            return false;
        }
        if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (var e : map.entrySet()) {
                if (!first) out.append(", ");
                first = false;
                if (!render(out, e.getKey(), depth + 1)) return false;
                out.append('=');
                if (!render(out, e.getValue(), depth + 1)) return false;
            }
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            boolean first = true;
            for (Object o : list) {
                if (!first) out.append(", ");
                first = false;
                if (!render(out, o, depth + 1)) return false;
            }
            out.append(']');
        } else {
            append(out, String.valueOf(value));
        }
        return out.length() <= LIMIT;
    }

    private static void append(StringBuilder out, String text) {
        int room = LIMIT + 1 - out.length();
        for (int i = 0; i < text.length() && room > 0; i++, room--) {
            char c = text.charAt(i);
            out.append(c == '\n' || c == '\r' || c == '\t' ? ' ' : Character.isISOControl(c) ? '?' : c);
        }
        if (room <= 0 && out.length() > LIMIT) {
            out.setLength(LIMIT);
            out.append('…');
        }
    }
}
