package dev.gathering.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.gathering.support.Api;
import dev.gathering.support.IntegrationTest;
import dev.gathering.support.RawHttpConnection;
import dev.gathering.support.TestSse;
import dev.gathering.support.TestWebSocket;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The live stream end to end, through real WebSocket and SSE clients, and the history. */
class EventStreamApiTest extends IntegrationTest {

    @Autowired
    EventBus bus;

    private static long randomId() {
        return ThreadLocalRandom.current().nextLong(1_000_000, Long.MAX_VALUE / 2);
    }

    private static String uniqueType(String prefix) {
        return prefix + ".t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private Api user() {
        String email = "stream-" + UUID.randomUUID() + "@example.com";
        assertThat(api.post("/auth/register", Map.of("email", email, "password", "correct-horse", "name", "Ada")).status())
                .isEqualTo(201);
        return api.login(email, "correct-horse");
    }

    private static JsonNode nextEvent(TestWebSocket socket) {
        return socket.next(frame -> frame.has("id"), Duration.ofSeconds(5));
    }

    // -------------------------------------------------------------------------------------------------- WebSocket

    @Test
    void theWebSocketSpeaksTheUpstreamProtocol() {
        Api admin = admin();
        try (TestWebSocket socket = TestWebSocket.connect(admin, admin.token())) {
            JsonNode connected = socket.next();
            assertThat(connected.get("type").asString()).isEqualTo("connected");
            String connectionId = connected.get("data").get("connection_id").asString();
            assertThat(connectionId).startsWith("ws-");
            assertThat(connected.get("data").get("message").asString()).isNotBlank();
            assertThat(connected.get("timestamp").asString()).isNotBlank();

            socket.send(Map.of("action", "ping"));
            assertThat(socket.next(frame -> !frame.has("id"), Duration.ofSeconds(5)).get("type").asString()).isEqualTo("pong");

            socket.send(Map.of("action", "dance"));
            JsonNode error = socket.next(frame -> !frame.has("id"), Duration.ofSeconds(5));
            assertThat(error.get("type").asString()).isEqualTo("error");
            assertThat(error.get("data").get("message").asString()).isEqualTo("Unknown action: dance");

            socket.send("not json");
            assertThat(socket.next(frame -> !frame.has("id"), Duration.ofSeconds(5)).get("type").asString()).isEqualTo("error");

            socket.send(Map.of("action", "subscribe", "topics", List.of("task", "circles:42")));
            JsonNode subscribed = socket.next(frame -> !frame.has("id"), Duration.ofSeconds(5));
            assertThat(subscribed.get("type").asString()).isEqualTo("subscribed");
            assertThat(subscribed.get("data").get("topics").valueStream().map(JsonNode::asString)).containsExactly("task", "circles:42");

            socket.send(Map.of("action", "info"));
            JsonNode info = socket.next(frame -> !frame.has("id"), Duration.ofSeconds(5));
            assertThat(info.get("type").asString()).isEqualTo("info");
            assertThat(info.get("data").get("id").asString()).isEqualTo(connectionId);
            assertThat(info.get("data").get("subscriptions").valueStream().map(JsonNode::asString)).containsExactly("task", "circles:42");
            assertThat(info.get("data").get("connected_at").asString()).isNotBlank();

            socket.send(Map.of("action", "subscribe", "topics", List.of("circles:x")));
            assertThat(socket.next(frame -> !frame.has("id"), Duration.ofSeconds(5)).get("data").get("message").asString())
                    .contains("must be a number");
        }
    }

    @Test
    void aWebSocketReceivesTheEventsOfItsTopicsOnly() {
        Api admin = admin();
        long circle = randomId();
        long agent = randomId();
        try (TestWebSocket socket = TestWebSocket.connect(admin, admin.token())) {
            socket.next();
            socket.send(Map.of("action", "subscribe", "topics", List.of("task", "circles:" + circle)));
            socket.next();

            bus.publish(Event.of("agent.started", Map.of("n", 1)).sourceAgent(agent));
            Event taskCreated = Event.of("task.created", Map.of("title", "write tests", "n", 2)).sourceAgent(agent).project(3L);
            bus.publish(taskCreated);
            bus.publish(Event.of("memory.created", Map.of("n", 3)).circle(circle));

            JsonNode first = nextEvent(socket);
            assertThat(first.get("id").asString()).isEqualTo(taskCreated.id());
            assertThat(first.get("type").asString()).isEqualTo("task.created");
            assertThat(first.get("data").get("title").asString()).isEqualTo("write tests");
            assertThat(first.get("source_agent_id").asLong()).isEqualTo(agent);
            assertThat(first.get("project_id").asLong()).isEqualTo(3L);
            assertThat(first.get("circle_id").isNull()).isTrue();
            assertThat(first.get("timestamp").asString()).isEqualTo(taskCreated.timestamp().toString());
            JsonNode second = nextEvent(socket);
            assertThat(second.get("type").asString()).isEqualTo("memory.created");
            assertThat(second.get("circle_id").asLong()).isEqualTo(circle);

            socket.send(Map.of("action", "unsubscribe", "topics", List.of("task")));
            JsonNode unsubscribed = socket.next(frame -> !frame.has("id"), Duration.ofSeconds(5));
            assertThat(unsubscribed.get("type").asString()).isEqualTo("unsubscribed");
            assertThat(unsubscribed.get("data").get("subscriptions").valueStream().map(JsonNode::asString))
                    .containsExactly("circles:" + circle);
            bus.publish(Event.of("task.created", Map.of("n", 4)));
            bus.publish(Event.of("circle.member.added", Map.of("n", 5)).circle(circle));

            assertThat(nextEvent(socket).get("data").get("n").asInt()).isEqualTo(5);
        }
    }

    @Test
    void aWebSocketWithoutTopicsReceivesEverything() {
        Api admin = admin();
        String type = uniqueType("system");
        try (TestWebSocket socket = TestWebSocket.connect(admin, admin.token())) {
            socket.next();

            bus.publish(Event.of(type, Map.of("message", "hello")));

            assertThat(socket.next(frame -> type.equals(frame.path("type").asString()), Duration.ofSeconds(5))
                    .get("data").get("message").asString()).isEqualTo("hello");
        }
    }

    @Test
    void theHandshakeRefusesMissingInvalidAndRevokedTokens() {
        assertThatThrownBy(() -> TestWebSocket.connect(api, null))
                .isInstanceOfSatisfying(TestWebSocket.Refused.class, refused -> assertThat(refused.status()).isEqualTo(401));
        assertThatThrownBy(() -> TestWebSocket.connect(api, "not-a-token"))
                .isInstanceOfSatisfying(TestWebSocket.Refused.class, refused -> assertThat(refused.status()).isEqualTo(401));
        Api user = user();
        try (TestWebSocket accepted = TestWebSocket.connect(user, user.token())) {
            assertThat(accepted.next().get("type").asString()).isEqualTo("connected");
        }
        assertThat(user.post("/auth/logout").status()).isEqualTo(200);
        assertThatThrownBy(() -> TestWebSocket.connect(user, user.token()))
                .isInstanceOfSatisfying(TestWebSocket.Refused.class, refused -> assertThat(refused.status()).isEqualTo(401));
    }

    @Test
    void aPlainGetOnTheWebSocketPathIsToldToUpgrade() {
        Api.Response response = admin().get("/ws");

        assertThat(response.status()).isEqualTo(426);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.header("Upgrade")).isEqualTo("websocket");
        assertThat(response.header("X-RateLimit-Limit")).isEqualTo("120");
    }

    @Test
    void aForeignBrowserOriginIsRefused() throws Exception {
        Api admin = admin();
        try (RawHttpConnection connection = new RawHttpConnection("localhost", port)) {
            int status = connection.get("/ws", Map.of("Upgrade", "websocket", "Connection", "Upgrade",
                    "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version", "13",
                    "Origin", "https://evil.example.com", "Authorization", "Bearer " + admin.token(),
                    "X-Forwarded-For", admin.clientIp()));

            assertThat(status).isEqualTo(403);
        }
    }

    @Test
    void webSocketStatsAreForAdministrators() {
        Api admin = admin();
        try (TestWebSocket socket = TestWebSocket.connect(admin, admin.token())) {
            String id = socket.next().get("data").get("connection_id").asString();

            Api.Response stats = admin.get("/ws/stats");

            assertThat(stats.status()).isEqualTo(200);
            JsonNode body = stats.json();
            assertThat(body.get("active_connections").asInt()).isPositive();
            assertThat(body.get("total_connections").asLong()).isPositive();
            assertThat(body.get("total_messages_sent").asLong()).isPositive();
            assertThat(body.has("total_broadcasts")).isTrue();
            assertThat(body.get("clients").valueStream().map(client -> client.get("client_id").asString())).contains(id);
        }
        assertThat(user().get("/ws/stats").status()).isEqualTo(403);
        assertThat(api.get("/ws/stats").status()).isEqualTo(401);
    }

    // -------------------------------------------------------------------------------------------------------- SSE

    @Test
    void serverSentEventsCarryTheEventsOfTheRequestedTopics() {
        Api admin = admin();
        long circle = randomId();
        try (TestSse stream = TestSse.open(admin, "/events/stream?topics=task.created,circles:" + circle)) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
            TestSse.Message connected = stream.next();
            assertThat(connected.type()).isEqualTo("connected");
            assertThat(connected.id()).isNull();
            assertThat(connected.data().get("data").get("connection_id").asString()).startsWith("sse-");

            bus.publish(Event.of("task.started", Map.of("n", 1)));
            Event created = Event.of("task.created", Map.of("n", 2));
            bus.publish(created);
            bus.publish(Event.of("memory.shared", Map.of("n", 3)).circle(circle));

            TestSse.Message first = stream.next();
            assertThat(first.id()).isEqualTo(created.id());
            assertThat(first.type()).isEqualTo("task.created");
            assertThat(first.data().get("data").get("n").asInt()).isEqualTo(2);
            TestSse.Message second = stream.next();
            assertThat(second.type()).isEqualTo("memory.shared");
            assertThat(second.data().get("circle_id").asLong()).isEqualTo(circle);
        }
    }

    @Test
    void serverSentEventsAcceptTheTokenAsAQueryParameterAndRefuseNoToken() {
        Api admin = admin();
        String type = uniqueType("goal");
        try (TestSse stream = TestSse.open(api, "/events/stream?topics=" + type + "&token=" + admin.token())) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.next().type()).isEqualTo("connected");
            bus.publish(Event.of(type, Map.of()));
            assertThat(stream.next().type()).isEqualTo(type);
        }
        try (TestSse refused = TestSse.open(api, "/events/stream")) {
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.errorBody()).contains("Missing authentication token");
        }
        try (TestSse invalidTopic = TestSse.open(admin, "/events/stream?topics=agents:abc")) {
            assertThat(invalidTopic.status()).isEqualTo(400);
        }
    }

    @Test
    void theTokenIsTakenFromTheQueryOnTheStreamsOnly() {
        assertThat(api.get("/auth/me?token=" + admin().token()).status()).isEqualTo(401);
    }

    @Test
    void lastEventIdResumesFromTheHistory() {
        Api admin = admin();
        String type = uniqueType("pipeline_run");
        List<Event> events = List.of(Event.of(type, Map.of("n", 1)), Event.of(type, Map.of("n", 2)), Event.of(type, Map.of("n", 3)));
        events.forEach(bus::publish);

        try (TestSse stream = TestSse.open(admin, "/events/stream?topics=" + type, "Last-Event-ID", events.get(0).id())) {
            assertThat(stream.next().type()).isEqualTo("connected");
            assertThat(stream.next().id()).isEqualTo(events.get(1).id());
            assertThat(stream.next().id()).isEqualTo(events.get(2).id());
            Event live = Event.of(type, Map.of("n", 4));
            bus.publish(live);
            assertThat(stream.next().id()).isEqualTo(live.id());
        }
    }

    // ---------------------------------------------------------------------------------------------------- history

    @Test
    void historyIsNewestFirstAndFilteredByType() {
        String type = uniqueType("conversation");
        for (int i = 1; i <= 3; i++) {
            bus.publish(Event.of(type, Map.of("n", i)).sourceAgent(5L));
        }
        Api admin = admin();

        JsonNode history = admin.get("/events/history?type=" + type + "&limit=2").json();

        assertThat(history.get("count").asInt()).isEqualTo(2);
        assertThat(history.get("events").valueStream().map(event -> event.get("data").get("n").asInt())).containsExactly(3, 2);
        JsonNode newest = history.get("events").get(0);
        assertThat(newest.get("type").asString()).isEqualTo(type);
        assertThat(newest.get("source_agent_id").asLong()).isEqualTo(5L);
        assertThat(newest.has("circle_id")).isTrue();
        assertThat(newest.has("project_id")).isTrue();
        assertThat(admin.get("/events/history?limit=0").status()).isEqualTo(422);
        assertThat(admin.get("/events/history?type=a*b").status()).isEqualTo(400);
        assertThat(api.get("/events/history").status()).isEqualTo(401);
        assertThat(user().get("/events/history").status()).isEqualTo(200);
    }

    @Test
    void busCountersAreInStatsAndMetrics() {
        bus.publish(Event.of(uniqueType("system"), Map.of()));
        Api admin = admin();

        JsonNode stats = admin.get("/events/stats").json();

        assertThat(stats.get("bus").get("published").asLong()).isPositive();
        assertThat(stats.get("bus").has("handler_errors")).isTrue();
        assertThat(stats.get("bus").has("published_by_type")).isTrue();
        assertThat(stats.get("relay").get("listening").asBoolean()).isTrue();
        assertThat(user().get("/events/stats").status()).isEqualTo(403);
        assertThat(admin.get("/metrics").body()).contains("gathering_events_published_total", "gathering_events_dropped_total",
                "gathering_events_delivered_total", "gathering_events_handler_errors_total", "gathering_events_deduplicated_total",
                "gathering_events_published_by_type_total");
    }
}
