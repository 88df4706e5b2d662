package dev.gathering.platform.security;

import java.util.List;

import org.springframework.util.AntPathMatcher;

/**
 * The routes that need no token: the API root, liveness/readiness/health, login and registration, the API docs, the
 * Prometheus endpoint (which checks its own credentials) and the error page. Everything else needs a valid bearer
 * token, decided before anything else about the request.
 */
public final class PublicPaths {

    static final String[] PATTERNS = {
            "/", "/health", "/health/ready", "/health/live",
            "/auth/login", "/auth/login/json", "/auth/register",
            "/docs", "/docs/**", "/swagger-ui/**", "/openapi.json", "/openapi.json/**",
            "/metrics", "/error"};

    private static final AntPathMatcher MATCHER = new AntPathMatcher();

    private PublicPaths() {
    }

    public static List<String> patterns() {
        return List.of(PATTERNS);
    }

    /** Whether a route (a path or a path template such as {@code /agents/{agentId}}) is public. */
    public static boolean isPublic(String path) {
        for (String pattern : PATTERNS) {
            if (MATCHER.match(pattern, path)) {
                return true;
            }
        }
        return false;
    }
}
