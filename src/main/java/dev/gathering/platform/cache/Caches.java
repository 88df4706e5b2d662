package dev.gathering.platform.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.springframework.stereotype.Component;

/**
 * The one way to make an in-memory cache: a Caffeine cache (always bounded by the caller's builder) whose
 * size, hits, misses and evictions are published in {@code /metrics} under its name.
 */
@Component
public class Caches {

    private final MeterRegistry meters;

    public Caches(MeterRegistry meters) {
        this.meters = meters;
    }

    public <K, V> Cache<K, V> build(String name, Caffeine<? super K, ? super V> builder) {
        Cache<K, V> cache = builder.recordStats().build();
        CaffeineCacheMetrics.monitor(meters, cache, name);
        return cache;
    }
}
