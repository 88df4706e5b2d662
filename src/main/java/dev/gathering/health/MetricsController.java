package dev.gathering.health;

import org.springframework.http.ResponseEntity;
import org.springframework.http.MediaType;
import dev.gathering.platform.security.AdminOnly;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import dev.gathering.platform.ratelimit.RateLimited;
import dev.gathering.platform.ratelimit.Tier;
import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.web.ApiException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Prometheus metrics (JVM, HTTP, pool, caches, rate limiter, features). Readable by an administrator's token or,
 * for a scraper, by {@code Authorization: Bearer <GATHERING_METRICS_TOKEN>}.
 */
@RestController
class MetricsController {

    private static final MediaType PROMETHEUS_TEXT = MediaType.parseMediaType("text/plain;version=0.0.4;charset=utf-8");

    private final PrometheusMeterRegistry registry;
    private final byte[] scrapeToken;

    MetricsController(PrometheusMeterRegistry registry, @Value("${gathering.metrics.token:}") String scrapeToken) {
        this.registry = registry;
        this.scrapeToken = scrapeToken.isBlank() ? null : scrapeToken.getBytes(StandardCharsets.UTF_8);
    }

    @GetMapping("/metrics")
    @RateLimited(Tier.READ)
    @AdminOnly
    ResponseEntity<String> metrics(@AuthenticationPrincipal AuthenticatedUser caller,
                                   @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        if (caller == null && !isScrapeToken(authorization)) {
            throw ApiException.unauthorized("Metrics need an administrator token or the metrics scrape token");
        }
        // the type is set here rather than negotiated: whatever the Accept header says, credentials are checked first
        return ResponseEntity.ok().contentType(PROMETHEUS_TEXT).body(registry.scrape());
    }

    private boolean isScrapeToken(String authorization) {
        if (scrapeToken == null || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(scrapeToken, authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8));
    }
}
