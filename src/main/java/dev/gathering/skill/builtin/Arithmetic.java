package dev.gathering.skill.builtin;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

import dev.gathering.skill.ToolFailure;

/**
 * A safe arithmetic parser (recursive descent; no script engine, no reflection): numbers, {@code + - * / % ^ **},
 * parentheses, the constants {@code pi} and {@code e}, and a few functions. Bounded as upstream: expressions of at
 * most 1000 characters nested at most 50 deep, numbers and results at most 10^100, exponents at most 1000.
 */
final class Arithmetic {

    static final int MAX_LENGTH = 1000;
    static final int MAX_DEPTH = 50;
    static final double MAX_MAGNITUDE = 1e100;
    static final double MAX_EXPONENT = 1000;

    private static final Map<String, DoubleUnaryOperator> FUNCTIONS = Map.ofEntries(
            Map.entry("sqrt", Math::sqrt), Map.entry("abs", Math::abs), Map.entry("sin", Math::sin),
            Map.entry("cos", Math::cos), Map.entry("tan", Math::tan), Map.entry("asin", Math::asin),
            Map.entry("acos", Math::acos), Map.entry("atan", Math::atan), Map.entry("ln", Math::log),
            Map.entry("log", Math::log10), Map.entry("log2", x -> Math.log(x) / Math.log(2)), Map.entry("exp", Math::exp),
            Map.entry("floor", Math::floor), Map.entry("ceil", Math::ceil), Map.entry("round", x -> (double) Math.round(x)));
    private static final List<String> BINARY = List.of("min", "max", "pow");

    private final String text;
    private int position;
    private int depth;

    private Arithmetic(String text) {
        this.text = text;
    }

    static double evaluate(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new ToolFailure("The expression is empty");
        }
        if (expression.length() > MAX_LENGTH) {
            throw new ToolFailure("The expression is longer than " + MAX_LENGTH + " characters");
        }
        Arithmetic parser = new Arithmetic(expression);
        double value = parser.sum();
        parser.skipSpaces();
        if (parser.position < expression.length()) {
            throw new ToolFailure("Unexpected '" + expression.charAt(parser.position) + "' at position " + (parser.position + 1));
        }
        return checked(value);
    }

    private double sum() {
        double value = product();
        while (true) {
            skipSpaces();
            if (eat('+')) {
                value = checked(value + product());
            } else if (eat('-')) {
                value = checked(value - product());
            } else {
                return value;
            }
        }
    }

    private double product() {
        double value = power();
        while (true) {
            skipSpaces();
            if (peek('*') && !peekAt(1, '*')) {
                position++;
                value = checked(value * power());
            } else if (eat('/')) {
                double divisor = power();
                if (divisor == 0) {
                    throw new ToolFailure("Division by zero");
                }
                value = checked(value / divisor);
            } else if (eat('%')) {
                double divisor = power();
                if (divisor == 0) {
                    throw new ToolFailure("Division by zero");
                }
                value = checked(value % divisor);
            } else {
                return value;
            }
        }
    }

    private double power() {
        double base = unary();
        skipSpaces();
        if (eat('^') || (peek('*') && peekAt(1, '*') && (position += 2) > 0)) {
            double exponent = power();
            if (Math.abs(exponent) > MAX_EXPONENT) {
                throw new ToolFailure("Exponent " + exponent + " is larger than " + (int) MAX_EXPONENT);
            }
            return checked(Math.pow(base, exponent));
        }
        return base;
    }

    private double unary() {
        skipSpaces();
        if (eat('-')) {
            return -unary();
        }
        if (eat('+')) {
            return unary();
        }
        return atom();
    }

    private double atom() {
        skipSpaces();
        if (++depth > MAX_DEPTH) {
            throw new ToolFailure("The expression is nested more than " + MAX_DEPTH + " levels deep");
        }
        try {
            if (eat('(')) {
                double value = sum();
                expect(')');
                return value;
            }
            int start = position;
            if (position < text.length() && (Character.isDigit(text.charAt(position)) || text.charAt(position) == '.')) {
                while (position < text.length() && (Character.isDigit(text.charAt(position)) || text.charAt(position) == '.'
                        || text.charAt(position) == '_')) {
                    position++;
                }
                if (position < text.length() && (text.charAt(position) == 'e' || text.charAt(position) == 'E')
                        && position + 1 < text.length() && (Character.isDigit(text.charAt(position + 1))
                        || ((text.charAt(position + 1) == '-' || text.charAt(position + 1) == '+') && position + 2 < text.length()
                        && Character.isDigit(text.charAt(position + 2))))) {
                    position += 2;
                    while (position < text.length() && Character.isDigit(text.charAt(position))) {
                        position++;
                    }
                }
                String literal = text.substring(start, position).replace("_", "");
                try {
                    return checked(Double.parseDouble(literal));
                } catch (NumberFormatException e) {
                    throw new ToolFailure("'" + literal + "' is not a number");
                }
            }
            while (position < text.length() && (Character.isLetterOrDigit(text.charAt(position)))) {
                position++;
            }
            String name = text.substring(start, position).toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                throw new ToolFailure(position < text.length()
                        ? "Unexpected '" + text.charAt(position) + "' at position " + (position + 1)
                        : "The expression ends too early");
            }
            switch (name) {
                case "pi" -> {
                    return Math.PI;
                }
                case "e" -> {
                    return Math.E;
                }
                default -> {
                }
            }
            skipSpaces();
            if (!eat('(')) {
                throw new ToolFailure("Unknown name '" + name + "'; known: pi, e and the functions "
                        + String.join(", ", FUNCTIONS.keySet().stream().sorted().toList()) + ", min, max, pow");
            }
            if (BINARY.contains(name)) {
                double first = sum();
                expect(',');
                double second = sum();
                expect(')');
                return switch (name) {
                    case "min" -> Math.min(first, second);
                    case "max" -> Math.max(first, second);
                    default -> {
                        if (Math.abs(second) > MAX_EXPONENT) {
                            throw new ToolFailure("Exponent " + second + " is larger than " + (int) MAX_EXPONENT);
                        }
                        yield checked(Math.pow(first, second));
                    }
                };
            }
            DoubleUnaryOperator function = FUNCTIONS.get(name);
            if (function == null) {
                throw new ToolFailure("Unknown function '" + name + "'");
            }
            double argument = sum();
            expect(')');
            return checked(function.applyAsDouble(argument));
        } finally {
            depth--;
        }
    }

    private static double checked(double value) {
        if (Double.isNaN(value)) {
            throw new ToolFailure("The result is not a number (for instance the square root of a negative number)");
        }
        if (Double.isInfinite(value) || Math.abs(value) > MAX_MAGNITUDE) {
            throw new ToolFailure("The result is larger than 10^100");
        }
        return value;
    }

    private void expect(char c) {
        skipSpaces();
        if (!eat(c)) {
            throw new ToolFailure("Expected '" + c + "' at position " + (position + 1));
        }
    }

    private boolean eat(char c) {
        if (position < text.length() && text.charAt(position) == c) {
            position++;
            return true;
        }
        return false;
    }

    private boolean peek(char c) {
        return position < text.length() && text.charAt(position) == c;
    }

    private boolean peekAt(int offset, char c) {
        return position + offset < text.length() && text.charAt(position + offset) == c;
    }

    private void skipSpaces() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }
}
