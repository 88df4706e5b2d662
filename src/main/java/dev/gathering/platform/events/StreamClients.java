package dev.gathering.platform.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.security.BearerTokenVerifier;
import dev.gathering.platform.web.ApiException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * The open stream connections (WebSocket and SSE) of this instance. It subscribes each to the bus, periodically
 * closes those whose token expired or was revoked and keeps SSE connections alive, and closes them all at the very
 * start of shutdown, so that the graceful web shutdown does not wait on connections that never end.
 */
@Component
class StreamClients implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StreamClients.class);

    private final EventBus bus;
    private final EventFrames frames;
    private final BearerTokenVerifier verifier;
    private final TaskScheduler scheduler;
    private final Duration recheck;
    private final ConcurrentHashMap<String, StreamClient> clients = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> ids = new ConcurrentHashMap<>();
    private final LongAdder totalConnections = new LongAdder();
    private final LongAdder messagesSent = new LongAdder();
    private final LongAdder eventsSent = new LongAdder();
    private volatile boolean accepting = true;
    private volatile boolean running;
    private ScheduledFuture<?> sweeper;

    StreamClients(EventBus bus, EventFrames frames, BearerTokenVerifier verifier, TaskScheduler scheduler,
                  EventProperties properties, MeterRegistry meters) {
        this.bus = bus;
        this.frames = frames;
        this.verifier = verifier;
        this.scheduler = scheduler;
        this.recheck = properties.streamRecheck();
        for (String transport : List.of("websocket", "sse")) {
            Gauge.builder("gathering.events.stream.connections", clients,
                            all -> all.values().stream().filter(c -> c.transportName.equals(transport)).count())
                    .description("Open event stream connections").tag("transport", transport).register(meters);
        }
        FunctionCounter.builder("gathering.events.stream.frames", messagesSent, LongAdder::sum)
                .description("Frames sent to event stream clients").register(meters);
    }

    EventFrames frames() {
        return frames;
    }

    /**
     * Registers a connection, sends it the {@code connected} frame, then subscribes it. With {@code lastEventId}, the
     * events after that one still in the history (all of it when that one is gone) are sent first, without gap or
     * repetition with the live ones.
     *
     * @throws IllegalArgumentException for an invalid topic (nothing registered then)
     */
    StreamClient open(String transportName, AuthenticatedUser user, Collection<String> topics,
                      StreamClient.Transport transport, String lastEventId) {
        return open(transportName, user, topics, transport, lastEventId, frames::event, Greeting.CONNECTED);
    }

    /**
     * The first frame a client gets: upstream's {@code /ws} and our SSE say {@code connected} with a
     * {@code connection_id}; {@code /ws/dashboard} says {@code connection.established} with a {@code client_id}.
     */
    record Greeting(String type, String idKey, String message, String clientName) {
        static final Greeting CONNECTED = new Greeting("connected", "connection_id", "Connected to the GatheRing event stream", null);
    }

    /** As above, with the client's own event frame ({@code eventFrame}) and first frame. */
    StreamClient open(String transportName, AuthenticatedUser user, Collection<String> topics,
                      StreamClient.Transport transport, String lastEventId,
                      java.util.function.Function<Event, String> eventFrame, Greeting greeting) {
        requireAccepting();
        Topics filter = new Topics(topics);
        String prefix = transportName.equals("websocket") ? "ws" : transportName;
        String id = prefix + "-" + ids.computeIfAbsent(prefix, key -> new AtomicLong()).incrementAndGet();
        StreamClient client = new StreamClient(id, transportName, user, filter, transport, this, eventFrame);
        clients.put(id, client);
        totalConnections.increment();
        // subscribed before "connected" is sent (a client that saw it misses nothing published after), but live
        // events wait until "connected" and any replay are out, so that they come after them
        client.holdLiveEvents();
        client.subscribed(bus.subscribeStream(id, filter, client::deliver));
        Map<String, Object> connected = new LinkedHashMap<>();
        connected.put(greeting.idKey(), greeting.clientName() != null ? greeting.clientName() : id);
        connected.put("message", greeting.message());
        client.sendControl(greeting.type(), connected);
        Set<String> replayed = new HashSet<>();
        if (lastEventId != null && !lastEventId.isBlank()) {
            for (Event missed : bus.historyAfter(lastEventId.trim(), filter.and(event -> event.visibleTo(user)))) {
                if (client.send(missed.id(), client.frame(missed))) {
                    eventSent();
                }
                replayed.add(missed.id());
            }
        }
        client.releaseLiveEvents(replayed);
        if (!accepting) {
            close(client, StreamClient.CloseReason.SHUTDOWN);
        }
        return client;
    }

    /** 503 once shutdown has begun: new streams would be closed at once. */
    void requireAccepting() {
        if (!accepting) {
            throw ApiException.serviceUnavailable("The server is shutting down", Duration.ofSeconds(5));
        }
    }

    void close(StreamClient client, StreamClient.CloseReason reason) {
        if (client.close(reason)) {
            clients.remove(client.id);
            if (reason == StreamClient.CloseReason.SEND_FAILED) {
                log.debug("Stream connection {} closed: a send failed", client.id);
            }
        }
    }

    void messageSent() {
        messagesSent.increment();
    }

    void eventSent() {
        eventsSent.increment();
    }

    /** {@code GET /ws/stats}. */
    Map<String, Object> stats() {
        List<Map<String, Object>> connected = new ArrayList<>();
        clients.values().stream()
                .sorted(java.util.Comparator.comparing((StreamClient c) -> c.connectedAt))
                .forEach(client -> connected.add(client.info()));
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("active_connections", connected.size());
        stats.put("total_connections", totalConnections.sum());
        stats.put("total_messages_sent", messagesSent.sum());
        stats.put("total_broadcasts", eventsSent.sum());
        stats.put("clients", connected);
        return stats;
    }

    int active() {
        return clients.size();
    }

    /** Closes the connections whose token expired or was revoked, and keeps the others alive. */
    void sweep() {
        Map<String, Boolean> tokens = new HashMap<>();
        Instant now = Instant.now();
        for (StreamClient client : clients.values()) {
            String token = client.user.token();
            boolean valid = token == null || tokens.computeIfAbsent(token, t -> {
                if (client.user.expiresAt() != null && !client.user.expiresAt().isAfter(now)) {
                    return false;
                }
                // a revocation that cannot be checked right now (database down) keeps the connection: it was valid
                return !(verifier.verify(t) instanceof BearerTokenVerifier.Invalid);
            });
            if (!valid) {
                close(client, StreamClient.CloseReason.TOKEN_INVALID);
            } else {
                // on its own thread: a client that stopped reading blocks its write, not this check
                client.heartbeatAsync();
            }
        }
    }

    // -------------------------------------------------------------------------------------------------- lifecycle

    @Override
    public void start() {
        running = true;
        accepting = true;
        sweeper = scheduler.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                log.warn("Stream connection check failed", e);
            }
        }, recheck);
    }

    /** Right after readiness turns 503 and before the web server's graceful shutdown. */
    @Override
    public void stop() {
        accepting = false;
        if (sweeper != null) {
            sweeper.cancel(false);
        }
        int count = clients.size();
        new ArrayList<>(clients.values()).forEach(client -> close(client, StreamClient.CloseReason.SHUTDOWN));
        if (count > 0) {
            log.info("Closed {} event stream connection(s) for shutdown", count);
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1;
    }
}
