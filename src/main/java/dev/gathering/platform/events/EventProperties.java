package dev.gathering.platform.events;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the event bus and the event stream ({@code gathering.events.*}).
 *
 * @param maxConcurrentHandlers handlers running at once, over all subscribers (GATHERING_EVENTS_MAX_CONCURRENT_HANDLERS)
 * @param dedup                 drop an event equal to one published within {@code dedupWindow} (GATHERING_EVENTS_DEDUP)
 * @param dedupWindow           how long an event suppresses its duplicates (GATHERING_EVENTS_DEDUP_WINDOW)
 * @param dedupMaxEntries       bound of the deduplication index
 * @param historySize           events kept for {@code /events/history} and SSE resumption (GATHERING_EVENTS_HISTORY_SIZE)
 * @param queueCapacity         queue bound of an internal subscriber, policy {@link OverflowPolicy#BLOCK}
 *                              (GATHERING_EVENTS_QUEUE_CAPACITY)
 * @param streamQueueCapacity   queue bound of a stream client, policy {@link OverflowPolicy#DROP_OLDEST}
 *                              (GATHERING_EVENTS_STREAM_QUEUE_CAPACITY)
 * @param blockTimeout          longest a publisher waits for room in a full {@code BLOCK} queue (GATHERING_EVENTS_BLOCK_TIMEOUT)
 * @param relay                 relay events to the other instances on the same database (GATHERING_EVENTS_RELAY)
 * @param streamRecheck         how often stream connections are checked: token expiry and revocation, SSE keep-alive
 */
@ConfigurationProperties("gathering.events")
public record EventProperties(
        @DefaultValue("100") int maxConcurrentHandlers,
        @DefaultValue("false") boolean dedup,
        @DefaultValue("1s") Duration dedupWindow,
        @DefaultValue("100000") int dedupMaxEntries,
        @DefaultValue("1000") int historySize,
        @DefaultValue("10000") int queueCapacity,
        @DefaultValue("1000") int streamQueueCapacity,
        @DefaultValue("1s") Duration blockTimeout,
        @DefaultValue("true") boolean relay,
        @DefaultValue("30s") Duration streamRecheck) {

    public EventProperties {
        require(maxConcurrentHandlers >= 1, "max-concurrent-handlers must be at least 1");
        require(dedupWindow != null && !dedupWindow.isNegative() && (!dedup || !dedupWindow.isZero()),
                "dedup-window must be positive when dedup is on");
        require(dedupMaxEntries >= 1, "dedup-max-entries must be at least 1");
        require(historySize >= 0, "history-size cannot be negative");
        require(queueCapacity >= 1 && streamQueueCapacity >= 1, "queue capacities must be at least 1");
        require(blockTimeout != null && !blockTimeout.isNegative(), "block-timeout cannot be negative");
        require(streamRecheck != null && streamRecheck.toMillis() >= 100, "stream-recheck must be at least 100ms");
    }

    /** The defaults, for a bus built outside Spring (tests, benchmarks). */
    public static EventProperties defaults() {
        return new EventProperties(100, false, Duration.ofSeconds(1), 100_000, 1000, 10_000, 1000,
                Duration.ofSeconds(1), true, Duration.ofSeconds(30));
    }

    public EventProperties withMaxConcurrentHandlers(int value) {
        return new EventProperties(value, dedup, dedupWindow, dedupMaxEntries, historySize, queueCapacity,
                streamQueueCapacity, blockTimeout, relay, streamRecheck);
    }

    public EventProperties withDedup(Duration window) {
        return new EventProperties(maxConcurrentHandlers, true, window, dedupMaxEntries, historySize, queueCapacity,
                streamQueueCapacity, blockTimeout, relay, streamRecheck);
    }

    public EventProperties withHistorySize(int value) {
        return new EventProperties(maxConcurrentHandlers, dedup, dedupWindow, dedupMaxEntries, value, queueCapacity,
                streamQueueCapacity, blockTimeout, relay, streamRecheck);
    }

    public EventProperties withQueueCapacities(int internal, int stream) {
        return new EventProperties(maxConcurrentHandlers, dedup, dedupWindow, dedupMaxEntries, historySize, internal,
                stream, blockTimeout, relay, streamRecheck);
    }

    public EventProperties withBlockTimeout(Duration value) {
        return new EventProperties(maxConcurrentHandlers, dedup, dedupWindow, dedupMaxEntries, historySize, queueCapacity,
                streamQueueCapacity, value, relay, streamRecheck);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("gathering.events." + message);
        }
    }
}
