package dev.gathering.platform.events;

/**
 * What {@link EventBus#publish} does when a subscriber's bounded queue is full because its handler is slower than
 * the events. Either way memory stays bounded and every lost event is counted in {@code dropped}.
 */
public enum OverflowPolicy {

    /**
     * The default for internal handlers (features reacting to events): the publisher waits up to
     * {@code gathering.events.block-timeout} (1 s) for room, then drops the event for that subscriber. A subscriber
     * that made a publisher wait in vain is marked stalled: later events that find its queue full are dropped at once
     * instead of making every publisher wait, until its queue has drained to half its capacity.
     */
    BLOCK,

    /**
     * For stream clients (WebSocket, SSE): the publisher never waits; the oldest queued event is discarded to make
     * room. A slow dashboard misses old events rather than slowing the server.
     */
    DROP_OLDEST
}
