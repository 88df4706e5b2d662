package dev.gathering.platform.events;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import dev.gathering.platform.db.DatabaseServer;
import dev.gathering.platform.db.DatabaseUrl;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Carries events between the instances that share one database, over PostgreSQL {@code LISTEN/NOTIFY} on channel
 * {@value #CHANNEL}.
 *
 * <ul>
 * <li>Out: {@link EventBus#publish} hands each local event to a bounded queue (10 000, drop-oldest: publishers never
 *     wait on the database); a sender thread sends them in batches, one statement per batch. A payload over
 *     {@value #MAX_NOTIFY_BYTES} bytes is stored in {@code events.relay_overflow} and the notification carries its id.</li>
 * <li>In: a listener thread waits on {@link PGConnection#getNotifications(int)} and hands other instances' events to
 *     {@link EventBus#publishFromPeer}, which delivers them here and never relays them again. Notifications carry the
 *     sender's instance id, so an instance ignores its own: nothing is delivered twice where it was published.</li>
 * <li>Each thread has its own JDBC connection opened from the database URL, outside the pool, so the relay takes
 *     nothing from the requests' budget; a broken connection is reopened with a growing delay (up to 30 s). Events
 *     published while the connection is down are lost for the other instances (at-most-once across instances).</li>
 * </ul>
 */
@Component
class PostgresEventRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PostgresEventRelay.class);
    static final String CHANNEL = "gathering_events";
    /** PostgreSQL refuses payloads of 8000 bytes or more (default build); keep a margin. */
    static final int MAX_NOTIFY_BYTES = 7900;
    private static final int OUTGOING_CAPACITY = 10_000;
    private static final int SEND_BATCH = 500;
    private static final Duration OVERFLOW_RETENTION = Duration.ofMinutes(10);
    private static final Duration PRUNE_INTERVAL = Duration.ofMinutes(1);
    private static final Duration LIVENESS_INTERVAL = Duration.ofSeconds(30);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final EventBus bus;
    private final DatabaseServer database;
    private final JsonMapper json;
    private final boolean enabled;
    private final String origin = UUID.randomUUID().toString();
    private final ArrayBlockingQueue<Event> outgoing = new ArrayBlockingQueue<>(OUTGOING_CAPACITY);
    private final LongAdder sent = new LongAdder();
    private final LongAdder receivedCount = new LongAdder();
    private final LongAdder overflowRows = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final CountDownLatch firstListen = new CountDownLatch(1);
    private volatile boolean running;
    private volatile boolean listening;
    private Thread listener;
    private Thread sender;

    PostgresEventRelay(EventBus bus, DatabaseServer database, JsonMapper json, EventProperties properties, MeterRegistry meters) {
        this.bus = bus;
        this.database = database;
        this.json = json;
        this.enabled = properties.relay();
        FunctionCounter.builder("gathering.events.relay.sent", sent, LongAdder::sum)
                .description("Events sent to the other instances").register(meters);
        FunctionCounter.builder("gathering.events.relay.received", receivedCount, LongAdder::sum)
                .description("Events received from the other instances").register(meters);
        FunctionCounter.builder("gathering.events.relay.lost", lost, LongAdder::sum)
                .description("Events not sent to the other instances (queue full or database unreachable)").register(meters);
        FunctionCounter.builder("gathering.events.relay.errors", errors, LongAdder::sum)
                .description("Relay connection and payload errors").register(meters);
        Gauge.builder("gathering.events.relay.listening", this, relay -> relay.listening ? 1 : 0)
                .description("1 while this instance listens to the other instances' events").register(meters);
    }

    record Stats(boolean enabled, boolean listening, String instanceId, long sent, long received, long overflowRows,
                 long lost, long errors, int pending) {
    }

    Stats stats() {
        return new Stats(enabled, listening, origin, sent.sum(), receivedCount.sum(), overflowRows.sum(), lost.sum(),
                errors.sum(), outgoing.size());
    }

    // -------------------------------------------------------------------------------------------------- lifecycle

    @Override
    public void start() {
        if (!enabled) {
            log.info("Event relay between instances is off (gathering.events.relay=false)");
            running = true;
            return;
        }
        running = true;
        listener = Thread.ofPlatform().daemon().name("events-relay-listen").start(this::listen);
        sender = Thread.ofPlatform().daemon().name("events-relay-send").start(this::send);
        bus.relayTo(this::enqueue);
        try {
            // be listening before the web server reports ready, so that no event of the peers is missed from then on
            if (!firstListen.await(5, TimeUnit.SECONDS)) {
                log.warn("Event relay not listening yet; events from other instances will arrive once it is");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        running = false;
        for (Thread thread : new Thread[] {sender, listener}) {
            if (thread != null) {
                try {
                    thread.join(Duration.ofSeconds(3));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts first (before the web server) and stops last, after everything that may publish. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }

    // ---------------------------------------------------------------------------------------------------- sending

    private void enqueue(Event event) {
        while (!outgoing.offer(event)) {
            if (outgoing.poll() != null) {
                lost.increment();
            }
        }
    }

    private void send() {
        Connection connection = null;
        List<Event> batch = new ArrayList<>(SEND_BATCH);
        long nextPrune = 0;
        long backoff = 0;
        while (running || !outgoing.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    Event first = outgoing.poll(200, TimeUnit.MILLISECONDS);
                    if (first != null) {
                        batch.add(first);
                        outgoing.drainTo(batch, SEND_BATCH - 1);
                    }
                }
                if (batch.isEmpty() && System.nanoTime() < nextPrune) {
                    continue;
                }
                if (connection == null) {
                    connection = connect("gathering-events-send");
                    backoff = 0;
                }
                if (!batch.isEmpty()) {
                    notify(connection, batch);
                    sent.add(batch.size());
                    batch.clear();
                }
                if (System.nanoTime() >= nextPrune) {
                    prune(connection);
                    nextPrune = System.nanoTime() + PRUNE_INTERVAL.toNanos();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (SQLException | RuntimeException e) {
                errors.increment();
                lost.add(batch.size());
                batch.clear();
                close(connection);
                connection = null;
                if (!running) {
                    break;
                }
                backoff = nextBackoff(backoff);
                log.warn("Event relay could not send to the database ({}); retrying in {} ms", e.getMessage(), backoff);
                if (!pause(backoff)) {
                    break;
                }
            }
        }
        lost.add(outgoing.size());
        close(connection);
    }

    private void notify(Connection connection, List<Event> batch) throws SQLException {
        List<String> payloads = new ArrayList<>(batch.size());
        for (Event event : batch) {
            Map<String, Object> envelope = new LinkedHashMap<>();
            envelope.put("origin", origin);
            envelope.put("event", event);
            String payload = json.writeValueAsString(envelope);
            if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_NOTIFY_BYTES) {
                payload = json.writeValueAsString(Map.of("origin", origin, "ref", storeOverflow(connection, payload)));
                overflowRows.increment();
            }
            payloads.add(payload);
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_notify(?, payload) FROM unnest(?) AS payload")) {
            statement.setString(1, CHANNEL);
            statement.setArray(2, connection.createArrayOf("text", payloads.toArray()));
            statement.execute();
        }
    }

    private static long storeOverflow(Connection connection, String payload) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO events.relay_overflow (payload) VALUES (?) RETURNING id")) {
            statement.setString(1, payload);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static void prune(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "DELETE FROM events.relay_overflow WHERE created_at < now() - make_interval(secs => ?)")) {
            statement.setLong(1, OVERFLOW_RETENTION.toSeconds());
            statement.executeUpdate();
        }
    }

    // -------------------------------------------------------------------------------------------------- receiving

    private void listen() {
        Connection connection = null;
        long backoff = 0;
        long nextLivenessCheck = 0;
        while (running) {
            try {
                if (connection == null) {
                    connection = connect("gathering-events-listen");
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("LISTEN " + CHANNEL);
                    }
                    listening = true;
                    firstListen.countDown();
                    backoff = 0;
                    nextLivenessCheck = System.nanoTime() + LIVENESS_INTERVAL.toNanos();
                    log.info("Event relay listening on {} (instance {})", database.url().describe(), origin);
                }
                PGNotification[] notifications = connection.unwrap(PGConnection.class).getNotifications(250);
                if (notifications != null) {
                    for (PGNotification notification : notifications) {
                        receive(connection, notification.getParameter());
                    }
                }
                if (System.nanoTime() >= nextLivenessCheck) {
                    // a silently dropped connection would otherwise look like a quiet one
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("SELECT 1");
                    }
                    nextLivenessCheck = System.nanoTime() + LIVENESS_INTERVAL.toNanos();
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                errors.increment();
                close(connection);
                connection = null;
                if (!running) {
                    break;
                }
                backoff = nextBackoff(backoff);
                log.warn("Event relay lost its database connection ({}); events from other instances are missed until "
                        + "it reconnects, in {} ms", e.getMessage(), backoff);
                if (!pause(backoff)) {
                    break;
                }
            }
        }
        listening = false;
        close(connection);
    }

    private void receive(Connection connection, String payload) throws SQLException {
        Event event;
        try {
            JsonNode envelope = json.readTree(payload);
            if (origin.equals(envelope.path("origin").asString(""))) {
                return;
            }
            JsonNode eventNode = envelope.get("event");
            if (eventNode == null && envelope.has("ref")) {
                String stored = loadOverflow(connection, envelope.get("ref").asLong());
                if (stored == null) {
                    errors.increment();
                    log.warn("Event relay: overflow row {} is gone (pruned?); event skipped", envelope.get("ref").asLong());
                    return;
                }
                eventNode = json.readTree(stored).get("event");
            }
            if (eventNode == null || !eventNode.isObject()) {
                throw new IllegalArgumentException("no event in the notification");
            }
            event = json.treeToValue(eventNode, Event.class);
        } catch (RuntimeException e) {
            errors.increment();
            log.warn("Event relay: unreadable notification skipped ({})", e.getMessage());
            return;
        }
        receivedCount.increment();
        bus.publishFromPeer(event);
    }

    private static String loadOverflow(Connection connection, long id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT payload FROM events.relay_overflow WHERE id = ?")) {
            statement.setLong(1, id);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- plumbing

    private Connection connect(String applicationName) throws SQLException {
        DatabaseUrl url = database.url();
        Properties properties = new Properties();
        if (url.username() != null) {
            properties.setProperty("user", url.username());
        }
        if (url.password() != null) {
            properties.setProperty("password", url.password());
        }
        properties.setProperty("ApplicationName", applicationName);
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("socketTimeout", "60");
        properties.setProperty("tcpKeepAlive", "true");
        Connection connection = DriverManager.getConnection(url.jdbcUrl(), properties);
        connection.setAutoCommit(true);
        return connection;
    }

    private static long nextBackoff(long previous) {
        return previous == 0 ? 500 : Math.min(previous * 2, MAX_BACKOFF.toMillis());
    }

    /** Sleeps in short steps so that a stop is not delayed; false when stopping. */
    private boolean pause(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (running && System.nanoTime() < deadline) {
            try {
                Thread.sleep(Math.min(100, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return running;
    }

    private static void close(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken
            }
        }
    }
}
