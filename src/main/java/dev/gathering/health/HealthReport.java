package dev.gathering.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gathering.platform.cache.Caches;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The checks of {@code GET /health/checks} (and of the dashboard's overview): the API, a live database probe,
 * host memory and disk, and the features' own checks (reused for a second).
 */
@Component
public class HealthReport {

    private final JdbcClient jdbc;
    private final SystemStatus system;
    private final List<HealthContributor> contributors;
    private final ServerInfo server;
    private final Cache<String, List<HealthCheck>> features;

    HealthReport(JdbcClient jdbc, SystemStatus system, List<HealthContributor> contributors, ServerInfo server,
                 Caches caches) {
        this.jdbc = jdbc;
        this.system = system;
        this.contributors = contributors;
        this.server = server;
        this.features = caches.build("health.feature_checks", Caffeine.newBuilder().maximumSize(1)
                .expireAfterWrite(Duration.ofSeconds(1)));
    }

    public List<HealthCheck> checks() {
        Instant now = Instant.now();
        List<HealthCheck> checks = new ArrayList<>();
        checks.add(new HealthCheck("api", HealthCheck.HEALTHY, "Serving requests", server.version(), now));
        checks.add(database(now));
        SystemStatus.Memory memory = system.memory();
        checks.add(new HealthCheck("memory", HealthCheck.byThreshold(memory.percent(), 70, 90),
                memory.percent() + "% of host memory in use", memory.percent(), now));
        SystemStatus.Disk disk = system.disk();
        checks.add(new HealthCheck("disk", HealthCheck.byThreshold(disk.percent(), 80, 90),
                disk.percent() + "% of the data disk in use", disk.percent(), now));
        checks.addAll(features.get("checks", key -> contributors.stream()
                .flatMap(contributor -> contributor.checks().stream()).toList()));
        return checks;
    }

    /** The worst status of {@code checks}. */
    public static String overall(List<HealthCheck> checks) {
        return checks.stream().map(HealthCheck::status)
                .max((a, b) -> Integer.compare(HealthCheck.severity(a), HealthCheck.severity(b)))
                .orElse(HealthCheck.HEALTHY);
    }

    private HealthCheck database(Instant now) {
        long started = System.nanoTime();
        try {
            Integer one = jdbc.sql("SELECT 1").query(Integer.class).single();
            double millis = Duration.ofNanos(System.nanoTime() - started).toNanos() / 1_000_000.0;
            double rounded = Math.round(millis * 100) / 100.0;
            return one != null && one == 1
                    ? new HealthCheck("database", HealthCheck.HEALTHY, "PostgreSQL answered in " + rounded + " ms", rounded, now)
                    : new HealthCheck("database", HealthCheck.WARNING, "PostgreSQL returned no row", rounded, now);
        } catch (DataAccessException e) {
            return new HealthCheck("database", HealthCheck.CRITICAL,
                    "PostgreSQL unreachable: " + e.getMostSpecificCause().getMessage(), null, now);
        }
    }
}
