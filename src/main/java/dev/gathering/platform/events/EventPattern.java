package dev.gathering.platform.events;

/**
 * Which event types a subscription wants. {@code *} is every type; {@code task.created} is that type and the types
 * below it ({@code task.created.x}); {@code task} and {@code task.*} are every type starting with {@code task.}
 * (and {@code task} itself). Prefixes only match at a {@code .} boundary: {@code task} does not match {@code tasks.x}.
 */
public record EventPattern(String text) {

    public EventPattern {
        if (text == null || text.isBlank() || text.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("an event pattern is a type such as task.created, a prefix such as task.*, or *; got '"
                    + text + "'");
        }
        if (text.endsWith(".*")) {
            text = text.substring(0, text.length() - 2);
        }
        if (text.isEmpty() || (text.contains("*") && !text.equals("*"))) {
            throw new IllegalArgumentException("'*' may only stand alone or end a pattern after a dot (task.*)");
        }
    }

    public static EventPattern of(String text) {
        return new EventPattern(text);
    }

    public boolean matchesAll() {
        return text.equals("*");
    }

    public boolean matches(String type) {
        if (matchesAll() || type.equals(text)) {
            return true;
        }
        return type.length() > text.length() && type.charAt(text.length()) == '.' && type.startsWith(text);
    }
}
