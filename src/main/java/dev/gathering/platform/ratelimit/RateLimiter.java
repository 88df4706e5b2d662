package dev.gathering.platform.ratelimit;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.caffeine.Bucket4jCaffeine;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Token buckets per key, one per (tier, endpoint, client): refilled all at once every minute, which is the
 * fixed window of the upstream limiter. Buckets live in a bounded Caffeine cache, or in Redis when
 * GATHERING_REDIS_URL is set so that every instance shares one limit. Both backends are the same Bucket4j
 * {@link ProxyManager}; a bucket is forgotten once it would be full again, so idle clients cost nothing.
 */
@Component
public class RateLimiter implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);
    private static final Duration WINDOW = Duration.ofMinutes(1);
    static final long MAX_LOCAL_BUCKETS = 100_000;

    public record Decision(boolean allowed, long limit, long remaining, long nanosToRetry, long nanosToReset) {
    }

    private final ProxyManager<String> buckets;
    private final Map<Tier, BucketConfiguration> configurations = new EnumMap<>(Tier.class);
    private final Map<Tier, Long> limits = new EnumMap<>(Tier.class);
    private final RedisClient redis;
    private final StatefulRedisConnection<String, byte[]> redisConnection;
    private final String backend;

    public RateLimiter(RateLimitProperties properties, @Value("${gathering.redis-url:}") String redisUrl) {
        for (Tier tier : Tier.values()) {
            long perMinute = properties.perMinute(tier);
            limits.put(tier, perMinute);
            configurations.put(tier, BucketConfiguration.builder()
                    .addLimit(Bandwidth.builder().capacity(perMinute).refillIntervally(perMinute, WINDOW).build())
                    .build());
        }
        var expiry = ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(5));
        if (redisUrl == null || redisUrl.isBlank()) {
            this.redis = null;
            this.redisConnection = null;
            this.buckets = Bucket4jCaffeine.<String>builderFor(Caffeine.newBuilder().maximumSize(MAX_LOCAL_BUCKETS))
                    .expirationAfterWrite(expiry)
                    .build();
            this.backend = "memory";
        } else {
            this.redis = RedisClient.create(redisUrl);
            this.redisConnection = redis.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
            this.buckets = Bucket4jLettuce.casBasedBuilder(redisConnection)
                    .expirationAfterWrite(expiry)
                    .build()
                    .withMapper((String key) -> "gathering:rl:" + key);
            this.backend = "redis";
        }
        log.info("Rate limits per minute: auth {}, write {}, read {}, health {} (buckets in {})", properties.auth(),
                properties.write(), properties.read(), properties.health(), backend);
    }

    public Decision tryConsume(Tier tier, String key) {
        ConsumptionProbe probe = buckets.getProxy(key, () -> configurations.get(tier)).tryConsumeAndReturnRemaining(1);
        return new Decision(probe.isConsumed(), limits.get(tier), probe.getRemainingTokens(),
                probe.getNanosToWaitForRefill(), probe.getNanosToWaitForReset());
    }

    public long limit(Tier tier) {
        return limits.get(tier);
    }

    public String backend() {
        return backend;
    }

    @Override
    public void destroy() {
        if (redis != null) {
            redisConnection.close();
            redis.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
