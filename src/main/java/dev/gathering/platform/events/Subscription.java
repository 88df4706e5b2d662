package dev.gathering.platform.events;

/**
 * A handler's registration on the {@link EventBus}. Closing it unsubscribes: no event is queued for it any more,
 * events still queued are discarded, and a handler already running finishes. Closing twice does nothing.
 */
public interface Subscription extends AutoCloseable {

    @Override
    void close();

    /** Events this subscriber lost to its queue's overflow policy. */
    default long dropped() {
        return 0;
    }
}
