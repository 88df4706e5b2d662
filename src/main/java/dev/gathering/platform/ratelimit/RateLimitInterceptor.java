package dev.gathering.platform.ratelimit;

import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.gathering.platform.web.ApiException;
import dev.gathering.platform.web.ClientAddresses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Applies the handler's {@link RateLimited} tier to every request Spring MVC dispatches. It runs after
 * authentication, so rejected credentials never consume a client's budget (as upstream). Handlers that are not
 * GatheRing's own (the OpenAPI document, Swagger UI's files) are READ. Every answer carries X-RateLimit-Limit,
 * -Remaining and -Reset; a refusal is 429 problem+json with Retry-After. If the Redis backend fails, the request
 * is let through and counted: the limiter protects the service and must not take it down.
 */
@Component
public class RateLimitInterceptor implements HandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(RateLimitInterceptor.class);

    private final RateLimiter limiter;
    private final ClientAddresses clients;
    private final Map<Tier, Map<String, Counter>> counters = new EnumMap<>(Tier.class);

    public RateLimitInterceptor(RateLimiter limiter, ClientAddresses clients, MeterRegistry meters) {
        this.limiter = limiter;
        this.clients = clients;
        for (Tier tier : Tier.values()) {
            Map<String, Counter> outcomes = new HashMap<>();
            for (String outcome : new String[] {"allowed", "rejected", "error"}) {
                outcomes.put(outcome, Counter.builder("gathering.ratelimit.requests")
                        .description("Requests seen by the rate limiter, by tier and outcome")
                        .tags("tier", tier.name(), "outcome", outcome).register(meters));
            }
            counters.put(tier, outcomes);
        }
    }

    public static Tier tierOf(Object handler) {
        if (handler instanceof HandlerMethod method) {
            RateLimited annotation = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RateLimited.class);
            if (annotation == null) {
                annotation = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), RateLimited.class);
            }
            if (annotation != null) {
                return annotation.value();
            }
        }
        return Tier.READ;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getDispatcherType() != DispatcherType.REQUEST) {
            return true;
        }
        Tier tier = tierOf(handler);
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        consume(request, response, tier, request.getMethod() + " " + (pattern == null ? request.getRequestURI() : pattern));
        return true;
    }

    /**
     * Takes one request of {@code endpoint} from the caller's {@code tier} budget and sets the X-RateLimit headers;
     * throws the 429 {@link ApiException} when the budget is spent. For what Spring MVC does not dispatch (the MCP
     * servlet), whose filter writes the refusal itself.
     */
    public void consume(HttpServletRequest request, HttpServletResponse response, Tier tier, String endpoint) {
        String key = tier.name() + "|" + endpoint + "|" + clients.of(request);
        RateLimiter.Decision decision;
        try {
            decision = limiter.tryConsume(tier, key);
        } catch (RuntimeException e) {
            counters.get(tier).get("error").increment();
            log.warn("Rate limiter unavailable, letting {} through: {}", endpoint, e.toString());
            return;
        }
        long resetEpoch = Instant.now().plusNanos(decision.nanosToReset()).getEpochSecond() + 1;
        response.setHeader("X-RateLimit-Limit", String.valueOf(decision.limit()));
        response.setHeader("X-RateLimit-Remaining", String.valueOf(decision.remaining()));
        response.setHeader("X-RateLimit-Reset", String.valueOf(resetEpoch));
        if (decision.allowed()) {
            counters.get(tier).get("allowed").increment();
            return;
        }
        counters.get(tier).get("rejected").increment();
        long retryAfter = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(decision.nanosToRetry() + 999_999_999L));
        String limit = decision.limit() + " per 1 minute";
        throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "Rate limit exceeded: " + limit)
                .with("error", "Rate limit exceeded: " + limit)
                .with("limit", limit)
                .with("tier", tier.name())
                .with("retry_after", retryAfter)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter));
    }
}
