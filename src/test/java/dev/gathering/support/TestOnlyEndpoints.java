package dev.gathering.support;

import java.util.Map;
import java.util.regex.Pattern;

import dev.gathering.platform.ratelimit.RateLimited;
import dev.gathering.platform.ratelimit.Tier;
import dev.gathering.platform.web.ApiException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Endpoints that exist only on the test classpath, to observe the server under controlled load. */
@RestController
class TestOnlyEndpoints {

    private static final Pattern MARKER = Pattern.compile("[a-z0-9-]{1,64}");

    private final JdbcClient jdbc;

    TestOnlyEndpoints(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Holds one pooled connection for {@code ms} milliseconds inside PostgreSQL (pg_sleep). */
    @GetMapping("/test/hold-connection")
    @RateLimited(Tier.READ)
    Map<String, Object> holdConnection(@RequestParam long ms, @RequestParam(defaultValue = "none") String marker) {
        if (!MARKER.matcher(marker).matches()) {
            throw ApiException.badRequest("marker must match " + MARKER);
        }
        jdbc.sql("SELECT /* " + marker + " */ pg_sleep(?)").param(ms / 1000.0).query().singleValue();
        return Map.of("held_ms", ms, "marker", marker);
    }
}
