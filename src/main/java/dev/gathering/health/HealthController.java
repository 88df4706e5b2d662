package dev.gathering.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gathering.platform.cache.Caches;
import dev.gathering.platform.ratelimit.RateLimited;
import dev.gathering.platform.ratelimit.Tier;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class HealthController {

    record ApiInfo(String name, String version, String docs, String health) {
    }

    record ReadyAnswer(boolean ready, String reason) {
    }

    record Liveness(boolean alive) {
    }

    record Checks(List<HealthCheck> checks, String overallStatus) {
    }

    private final HealthReport report;
    private final ApplicationAvailability availability;
    private final Readiness readiness;
    private final SystemStatus system;
    private final List<HealthContributor> contributors;
    /**
     * The features' counts and checks, reused for a second: probes may be polled hard, and these are aggregates
     * over whole tables. The database probe itself runs on every request.
     */
    private final Cache<String, Object> features;
    private final ServerInfo server;

    HealthController(ApplicationAvailability availability, Readiness readiness, HealthReport report,
                     SystemStatus system, List<HealthContributor> contributors, ServerInfo server, Caches caches) {
        this.report = report;
        this.availability = availability;
        this.readiness = readiness;
        this.system = system;
        this.contributors = contributors;
        this.features = caches.build("health.feature_reports", Caffeine.newBuilder().maximumSize(2)
                .expireAfterWrite(Duration.ofSeconds(1)));
        this.server = server;
    }

    @GetMapping("/")
    @RateLimited(Tier.HEALTH)
    ApiInfo root() {
        return new ApiInfo("GatheRing API", server.version(), "/docs", "/health");
    }

    @GetMapping("/health")
    @RateLimited(Tier.HEALTH)
    Map<String, Object> health() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "healthy");
        body.put("version", server.version());
        body.put("uptime_seconds", server.uptime().toMillis() / 1000.0);
        body.putAll(featureCounts());
        return body;
    }

    @GetMapping("/health/ready")
    @RateLimited(Tier.HEALTH)
    ResponseEntity<ReadyAnswer> ready() {
        if (readiness.shuttingDown()) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(new ReadyAnswer(false, "shutting_down"));
        }
        if (availability.getReadinessState() != ReadinessState.ACCEPTING_TRAFFIC) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(new ReadyAnswer(false, "starting"));
        }
        return ResponseEntity.ok(new ReadyAnswer(true, null));
    }

    @GetMapping("/health/live")
    @RateLimited(Tier.HEALTH)
    Liveness live() {
        return new Liveness(true);
    }

    @GetMapping("/health/system")
    @RateLimited(Tier.HEALTH)
    SystemStatus.Snapshot system() {
        return system.snapshot();
    }

    @GetMapping("/health/checks")
    @RateLimited(Tier.HEALTH)
    Checks checks() {
        List<HealthCheck> checks = report.checks();
        return new Checks(checks, HealthReport.overall(checks));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> featureCounts() {
        return (Map<String, Object>) features.get("counts", key -> {
            Map<String, Object> counts = new LinkedHashMap<>();
            contributors.forEach(contributor -> counts.putAll(contributor.counts()));
            return counts;
        });
    }
}
