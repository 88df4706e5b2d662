package dev.gathering.health;

import java.time.Instant;

/** One line of {@code GET /health/checks}. {@code status} is healthy, warning or critical. */
public record HealthCheck(String name, String status, String message, Object value, Instant lastCheck) {

    public static final String HEALTHY = "healthy";
    public static final String WARNING = "warning";
    public static final String CRITICAL = "critical";

    static int severity(String status) {
        return switch (status) {
            case CRITICAL -> 2;
            case WARNING -> 1;
            default -> 0;
        };
    }

    /** healthy below {@code warning}, warning below {@code critical}, critical above. */
    static String byThreshold(double percent, double warning, double critical) {
        return percent >= critical ? CRITICAL : percent >= warning ? WARNING : HEALTHY;
    }
}
