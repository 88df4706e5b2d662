package dev.gathering.circle;

import java.util.Arrays;
import java.util.Locale;

/**
 * The life of a circle task: pending → in_progress → review → completed, with review able to send it back to
 * in_progress (changes requested, iteration + 1) or to blocked (rejected, with an escalation); cancelled and failed
 * end it early. Each transition is a conditional update, so an illegal or concurrent one changes nothing.
 */
public enum TaskStatus {
    PENDING, IN_PROGRESS, REVIEW, COMPLETED, BLOCKED, CANCELLED, FAILED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Accepts the upstream spellings too ({@code in_review}, {@code assigned}). */
    public static TaskStatus parse(String value) {
        String normalized = value.trim().toLowerCase(Locale.ROOT);
        if (normalized.equals("in_review")) {
            return REVIEW;
        }
        if (normalized.equals("assigned")) {
            return IN_PROGRESS;
        }
        return Arrays.stream(values()).filter(status -> status.value().equals(normalized)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(value));
    }
}
