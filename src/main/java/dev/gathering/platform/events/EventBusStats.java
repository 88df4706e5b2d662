package dev.gathering.platform.events;

import java.util.Map;

/**
 * Counters of the bus since start (JSON in snake_case under {@code GET /events/stats}, and in {@code /metrics}).
 *
 * @param published        events published on this instance (duplicates excluded)
 * @param received         events received from other instances through the relay
 * @param delivered        handler invocations (those that threw included)
 * @param deduplicated     events dropped as duplicates of one published within the dedup window
 * @param handlerErrors    handler invocations that threw
 * @param dropped          deliveries lost to a full subscriber queue (see {@link OverflowPolicy})
 * @param subscribers      open subscriptions
 * @param queued           events waiting in subscriber queues
 * @param runningHandlers  handlers running now (at most {@code maxConcurrentHandlers})
 * @param historySize      events in the history ring
 * @param publishedByType  published events per type
 */
public record EventBusStats(long published, long received, long delivered, long deduplicated, long handlerErrors,
                            long dropped, int subscribers, long queued, int runningHandlers, int maxConcurrentHandlers,
                            int historySize, int historyCapacity, boolean dedupEnabled, Map<String, Long> publishedByType) {
}
