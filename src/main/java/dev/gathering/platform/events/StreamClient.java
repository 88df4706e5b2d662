package dev.gathering.platform.events;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import dev.gathering.platform.security.AuthenticatedUser;

/**
 * One live connection of the event stream, WebSocket or SSE: its topics, its subscription on the bus (policy
 * {@link OverflowPolicy#DROP_OLDEST}) and its counters. Events reach it on its subscription's thread, in order. A
 * client that stops reading blocks that thread in its write until the server's write timeout fails it (then the
 * connection is closed); meanwhile its queue keeps only the newest events.
 */
final class StreamClient {

    /** How frames leave: a WebSocket session or an SSE response. */
    interface Transport {

        /** Sends one frame; {@code eventId} is the event's id for an event frame (SSE's {@code id:}), null otherwise. */
        void send(String eventId, String frame) throws IOException;

        /** Proves the connection alive where the protocol needs it (an SSE comment); may do nothing. */
        void heartbeat() throws IOException;

        /** Ends the connection from the server's side. */
        void close(CloseReason reason);
    }

    enum CloseReason {
        /** the client went away: nothing to send */
        CLIENT_GONE,
        /** its token expired or was revoked */
        TOKEN_INVALID,
        /** a send failed: the connection is broken or too slow */
        SEND_FAILED,
        /** the server is stopping */
        SHUTDOWN
    }

    private static final long REPLAY_OVERLAP_NANOS = TimeUnit.SECONDS.toNanos(5);

    final String id;
    final String transportName;
    final AuthenticatedUser user;
    final Instant connectedAt;
    final Topics topics;
    private final Transport transport;
    private final StreamClients registry;
    private final java.util.function.Function<Event, String> eventFrame;
    private final LongAdder sent = new LongAdder();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean heartbeatInFlight = new AtomicBoolean();
    private volatile Subscription subscription;
    private volatile CountDownLatch replayGate;
    private volatile Set<String> replayed;
    private volatile long replayOverlapEnds;

    StreamClient(String id, String transportName, AuthenticatedUser user, Topics topics, Transport transport,
                 StreamClients registry, java.util.function.Function<Event, String> eventFrame) {
        this.eventFrame = eventFrame;
        this.id = id;
        this.transportName = transportName;
        this.user = user;
        this.connectedAt = Instant.now();
        this.topics = topics;
        this.transport = transport;
        this.registry = registry;
    }

    void subscribed(Subscription subscription) {
        this.subscription = subscription;
    }

    /** Holds live events back until the {@code connected} frame and the replay of missed ones (SSE {@code Last-Event-ID}) are sent. */
    void holdLiveEvents() {
        replayGate = new CountDownLatch(1);
    }

    /** Live events that were also replayed are skipped; an event can only be both for a moment after subscribing. */
    void releaseLiveEvents(Set<String> replayedIds) {
        replayed = replayedIds.isEmpty() ? null : replayedIds;
        replayOverlapEnds = System.nanoTime() + REPLAY_OVERLAP_NANOS;
        replayGate.countDown();
    }

    /** An event from the bus (on this client's subscriber thread). */
    void deliver(Event event) {
        if (!event.visibleTo(user)) {
            return;
        }
        CountDownLatch gate = replayGate;
        if (gate != null) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            Set<String> ids = replayed;
            if (ids == null || System.nanoTime() - replayOverlapEnds > 0) {
                replayed = null;
                replayGate = null;
            } else if (ids.contains(event.id())) {
                return;
            }
        }
        if (send(event.id(), eventFrame.apply(event))) {
            registry.eventSent();
        }
    }

    String frame(Event event) {
        return eventFrame.apply(event);
    }

    void sendControl(String type, Object data) {
        send(null, registry.frames().control(type, data));
    }

    /** Sends a frame; a failure closes the connection. True when sent. */
    boolean send(String eventId, String frame) {
        if (closed.get()) {
            return false;
        }
        try {
            transport.send(eventId, frame);
            sent.increment();
            registry.messageSent();
            return true;
        } catch (IOException | RuntimeException e) {
            registry.close(this, CloseReason.SEND_FAILED);
            return false;
        }
    }

    /** Sends a heartbeat on a virtual thread, unless the previous one is still being written. */
    void heartbeatAsync() {
        if (closed.get() || !heartbeatInFlight.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().name("stream-heartbeat-" + id).start(() -> {
            try {
                transport.heartbeat();
            } catch (IOException | RuntimeException e) {
                registry.close(this, CloseReason.SEND_FAILED);
            } finally {
                heartbeatInFlight.set(false);
            }
        });
    }

    /** Ends the subscription and, unless the client already left, the connection. True the first time only. */
    boolean close(CloseReason reason) {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        Subscription current = subscription;
        if (current != null) {
            current.close();
        }
        CountDownLatch gate = replayGate;
        if (gate != null) {
            gate.countDown();
        }
        if (reason != CloseReason.CLIENT_GONE) {
            transport.close(reason);
        }
        return true;
    }

    Map<String, Object> info() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("client_id", id);
        info.put("transport", transportName);
        info.put("user", user.email() == null ? user.id() : user.email());
        info.put("connected_at", connectedAt);
        info.put("subscriptions", topics.list());
        info.put("messages_sent", sent.sum());
        Subscription current = subscription;
        info.put("dropped", current == null ? 0 : current.dropped());
        return info;
    }
}
