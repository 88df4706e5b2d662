package dev.gathering.platform.ratelimit;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Requests per minute of each tier, and the proxies whose X-Forwarded-For is believed.
 */
@ConfigurationProperties("gathering.rate-limit")
public record RateLimitProperties(
        @DefaultValue("5") long auth,
        @DefaultValue("30") long write,
        @DefaultValue("120") long read,
        @DefaultValue("300") long health,
        @DefaultValue({}) List<String> trustedProxies) {

    public RateLimitProperties {
        for (long limit : new long[] {auth, write, read, health}) {
            if (limit < 1) {
                throw new IllegalArgumentException("rate limits must be at least 1 request per minute, got " + limit);
            }
        }
    }

    public long perMinute(Tier tier) {
        return switch (tier) {
            case AUTH -> auth;
            case WRITE -> write;
            case READ -> read;
            case HEALTH -> health;
        };
    }
}
