package dev.gathering.circle;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.gathering.health.HealthCheck;
import dev.gathering.health.HealthContributor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** {@code circles_count} and {@code active_tasks} in {@code GET /health}; running/total circles in the checks. */
@Component
class CircleHealth implements HealthContributor {

    private record Counts(long circles, long running, long activeTasks) {
    }

    private final JdbcClient jdbc;

    CircleHealth(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private Counts counts0() {
        return jdbc.sql("""
                SELECT (SELECT count(*) FROM circle.circles WHERE is_active) AS circles,
                       (SELECT count(*) FROM circle.circles WHERE is_active AND status = 'running') AS running,
                       (SELECT count(*) FROM circle.tasks t JOIN circle.circles c ON c.id = t.circle_id
                        WHERE c.is_active AND t.status IN ('in_progress', 'review')) AS active_tasks""")
                .query(Counts.class).single();
    }

    @Override
    public Map<String, Object> counts() {
        Counts counts = counts0();
        return Map.of("circles_count", counts.circles(), "active_tasks", counts.activeTasks());
    }

    @Override
    public List<HealthCheck> checks() {
        Counts counts = counts0();
        return List.of(new HealthCheck("circles", HealthCheck.HEALTHY, counts.running() + "/" + counts.circles()
                + " circles running", counts.running(), Instant.now()));
    }
}
