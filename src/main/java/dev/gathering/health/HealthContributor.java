package dev.gathering.health;

import java.util.List;
import java.util.Map;

/**
 * What a feature adds to the health routes: counts for {@code GET /health} (e.g. {@code agents_count}) and
 * checks for {@code GET /health/checks}. Each contributor should answer with at most one query; the answers are
 * reused for a second, whatever the request rate.
 */
public interface HealthContributor {

    default Map<String, Object> counts() {
        return Map.of();
    }

    default List<HealthCheck> checks() {
        return List.of();
    }
}
