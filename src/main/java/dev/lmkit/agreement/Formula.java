package dev.lmkit.agreement;

import java.util.*;

/**
 * SyntaxGym's prediction formulas, e.g. {@code [(6;%match_sing%) < (6;%mismatch_sing%)] & [...]}.
 * {@code (R;%C%)} is the surprisal of region R in condition C; the language has arithmetic
 * ({@code + - * /}), comparisons ({@code < > = <= >=}), {@code &}, {@code |}, and grouping with
 * parentheses or brackets. {@code =} holds when both sides differ by less than 1e-9.
 */
public final class Formula {
    /** What a formula reads: the surprisal of a region in a condition. */
    public interface Regions {
        double surprisal(String condition, int region);
    }

    public record RegionRef(String condition, int region) {
    }

    private final String text;
    private int pos;

    private Formula(String text) {
        this.text = text;
    }

    /** Parses and evaluates; the result must be true or false. */
    public static boolean holds(String formula, Regions regions) {
        Object v = parse(formula).eval(regions);
        if (!(v instanceof Boolean b)) throw new IllegalArgumentException("formula is not a comparison: " + formula);
        return b;
    }

    /** The region references a formula reads. */
    public static Set<RegionRef> references(String formula) {
        Set<RegionRef> refs = new LinkedHashSet<>();
        parse(formula).collect(refs);
        return refs;
    }

    static Node parse(String formula) {
        Formula p = new Formula(formula);
        Node n = p.or();
        p.skip();
        if (p.pos != p.text.length()) throw p.error("unexpected '" + p.text.charAt(p.pos) + "'");
        return n;
    }

    interface Node {
        Object eval(Regions r);

        void collect(Set<RegionRef> refs);
    }

    private record Binary(String op, Node left, Node right) implements Node {
        public Object eval(Regions r) {
            Object a = left.eval(r), b = right.eval(r);
            return switch (op) {
                case "&" -> bool(a) && bool(b);
                case "|" -> bool(a) || bool(b);
                case "<" -> num(a) < num(b);
                case ">" -> num(a) > num(b);
                case "<=" -> num(a) <= num(b);
                case ">=" -> num(a) >= num(b);
                case "=" -> Math.abs(num(a) - num(b)) < 1e-9;
                case "+" -> num(a) + num(b);
                case "-" -> num(a) - num(b);
                case "*" -> num(a) * num(b);
                case "/" -> num(a) / num(b);
                default -> throw new IllegalStateException(op);
            };
        }

        public void collect(Set<RegionRef> refs) {
            left.collect(refs);
            right.collect(refs);
        }

        private static boolean bool(Object v) {
            if (v instanceof Boolean b) return b;
            throw new IllegalArgumentException("& and | need comparisons on both sides");
        }

        private static double num(Object v) {
            if (v instanceof Double d) return d;
            throw new IllegalArgumentException("arithmetic and comparisons need numbers on both sides");
        }
    }

    private record Region(RegionRef ref) implements Node {
        public Object eval(Regions r) {
            return r.surprisal(ref.condition(), ref.region());
        }

        public void collect(Set<RegionRef> refs) {
            refs.add(ref);
        }
    }

    private record Constant(double value) implements Node {
        public Object eval(Regions r) {
            return value;
        }

        public void collect(Set<RegionRef> refs) {
        }
    }

    private Node or() {
        Node n = and();
        while (accept("|")) n = new Binary("|", n, and());
        return n;
    }

    private Node and() {
        Node n = comparison();
        while (accept("&")) n = new Binary("&", n, comparison());
        return n;
    }

    private Node comparison() {
        Node n = sum();
        for (String op : List.of("<=", ">=", "<", ">", "=")) {
            if (accept(op)) return new Binary(op, n, sum());
        }
        return n;
    }

    private Node sum() {
        Node n = product();
        while (true) {
            if (accept("+")) n = new Binary("+", n, product());
            else if (accept("-")) n = new Binary("-", n, product());
            else return n;
        }
    }

    private Node product() {
        Node n = atom();
        while (true) {
            if (accept("*")) n = new Binary("*", n, atom());
            else if (accept("/")) n = new Binary("/", n, atom());
            else return n;
        }
    }

    private Node atom() {
        skip();
        if (accept("[")) {
            Node n = or();
            expect("]");
            return n;
        }
        if (accept("(")) {
            int save = pos;
            skip();
            int start = pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) pos++;
            if (pos > start) {
                int region = Integer.parseInt(text.substring(start, pos));
                skip();
                if (accept(";")) {
                    expect("%");
                    int nameStart = pos;
                    while (pos < text.length() && text.charAt(pos) != '%') pos++;
                    String condition = text.substring(nameStart, pos).trim();
                    expect("%");
                    expect(")");
                    return new Region(new RegionRef(condition, region));
                }
            }
            pos = save;
            Node n = or();
            expect(")");
            return n;
        }
        if (accept("-")) return new Binary("-", new Constant(0), atom());
        int start = pos;
        while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) pos++;
        if (pos > start) return new Constant(Double.parseDouble(text.substring(start, pos)));
        throw error(pos < text.length() ? "unexpected '" + text.charAt(pos) + "'" : "unexpected end");
    }

    private boolean accept(String token) {
        skip();
        if (text.startsWith(token, pos)) {
            pos += token.length();
            return true;
        }
        return false;
    }

    private void expect(String token) {
        if (!accept(token)) throw error("expected '" + token + "'");
    }

    private void skip() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException("bad formula at character " + (pos + 1) + " (" + problem + "): " + text);
    }
}
