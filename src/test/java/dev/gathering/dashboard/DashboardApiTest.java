package dev.gathering.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.gathering.support.Api;
import dev.gathering.support.Fixtures;
import dev.gathering.support.IntegrationTest;
import dev.gathering.support.StatementCounter;
import dev.gathering.support.TestWebSocket;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The upstream {@code /dashboard} routes answer from the database, and {@code /ws/dashboard} streams the bus. */
class DashboardApiTest extends IntegrationTest {

    @Autowired
    StatementCounter counter;

    private record Team(String circle, long circleId, long first, long second) {
    }

    private Team team(Api admin, int extraMembers) {
        String circle = Fixtures.unique("dash");
        long circleId = admin.post("/circles", Map.of("name", circle, "auto_route", false)).json().get("circle_id").asLong();
        long first = Fixtures.agent(admin, "Ada", "local", "local-responder", Map.of("competencies", List.of("python")));
        long second = Fixtures.agent(admin, "Grace", "local", "local-responder", Map.of());
        admin.post("/circles/" + circle + "/agents", Map.of("agent_id", first));
        admin.post("/circles/" + circle + "/agents", Map.of("agent_id", second));
        admin.post("/circles/" + circle + "/start");
        for (int i = 0; i < extraMembers; i++) {
            long extra = Fixtures.agent(admin, "Extra " + i, "local", "local-responder", Map.of());
            admin.post("/circles/" + circle + "/agents", Map.of("agent_id", extra));
        }
        return new Team(circle, circleId, first, second);
    }

    @Test
    void everyRouteNeedsAToken() {
        for (String path : List.of("/dashboard/config", "/dashboard/agents", "/dashboard/agents/1", "/dashboard/providers",
                "/dashboard/providers/1", "/dashboard/models", "/dashboard/models/1", "/dashboard/stats",
                "/dashboard/circles", "/dashboard/circles/1", "/dashboard/circles/1/members", "/dashboard/circles/1/tasks")) {
            Api.Response response = api.get(path);
            assertThat(response.status()).as(path).isEqualTo(401);
            assertThat(response.json().get("detail").asString()).isEqualTo("Missing authentication token");
        }
        assertThat(api.withToken("not-a-token").get("/dashboard/stats").status()).isEqualTo(401);
    }

    @Test
    void configSaysTheDataIsRealAndWhichFeaturesExist() {
        JsonNode config = admin().get("/dashboard/config").json();
        assertThat(config.get("demo_mode").asBoolean()).isFalse();
        assertThat(config.get("version").asString()).isNotBlank();
        assertThat(config.get("features").get("agents").asBoolean()).isTrue();
        assertThat(config.get("features").get("circles").asBoolean()).isTrue();
        assertThat(config.get("features").get("memories").asBoolean()).isTrue();
        assertThat(config.get("features").has("conversations")).isTrue();
    }

    @Test
    void agentsAreListedWithTheirCountsAndShownInFull() {
        Api admin = admin();
        Team team = team(admin, 0);
        admin.post("/agents/" + team.first() + "/chat", Map.of("message", "hello"));
        admin.post("/memories/agents/" + team.first() + "/remember", Map.of("content", "Ada likes parsers"));

        JsonNode list = admin.get("/dashboard/agents").json();
        assertThat(list.get("demo_mode").asBoolean()).isFalse();
        assertThat(list.get("total").asInt()).isEqualTo(list.get("agents").size());
        JsonNode ada = list.get("agents").valueStream().filter(a -> a.get("id").asLong() == team.first())
                .findFirst().orElseThrow();
        assertThat(ada.get("name").asString()).isEqualTo("Ada");
        assertThat(ada.get("provider_name").asString()).isEqualTo("local");
        assertThat(ada.get("message_count").asLong()).isEqualTo(2);
        assertThat(ada.get("memory_count").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(ada.get("circle_count").asLong()).isEqualTo(1);
        assertThat(ada.get("status").asString()).isEqualTo("idle");

        JsonNode full = admin.get("/dashboard/agents/" + team.first()).json().get("agent");
        assertThat(full.get("name").asString()).isEqualTo("Ada");
        assertThat(full.get("communication_style").asString()).isEqualTo("concise");
        assertThat(full.get("traits").get(0).asString()).isEqualTo("careful");
        assertThat(full.get("circle_count").asLong()).isEqualTo(1);
        assertThat(full.get("provider_api_type").asString()).isEqualTo("local");

        Api.Response missing = admin.get("/dashboard/agents/999999");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("detail").asString()).isEqualTo("Agent 999999 not found");
    }

    @Test
    void providersAndModelsComeFromTheirTables() {
        Api admin = admin();
        JsonNode providers = admin.get("/dashboard/providers").json();
        JsonNode local = providers.get("providers").valueStream().filter(p -> p.get("name").asString().equals("local"))
                .findFirst().orElseThrow();
        assertThat(local.get("model_count").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(local.has("api_key_encrypted")).isFalse();
        assertThat(local.get("api_key_configured").isBoolean()).isTrue();
        long localId = local.get("id").asLong();
        assertThat(admin.get("/dashboard/providers/" + localId).json().get("provider").get("name").asString()).isEqualTo("local");
        assertThat(admin.get("/dashboard/providers/999999").status()).isEqualTo(404);

        JsonNode models = admin.get("/dashboard/models?provider_id=" + localId).json();
        assertThat(models.get("provider_id").asLong()).isEqualTo(localId);
        assertThat(models.get("models").valueStream().map(m -> m.get("provider_name").asString())).containsOnly("local");
        long modelId = models.get("models").get(0).get("id").asLong();
        assertThat(admin.get("/dashboard/models/" + modelId).json().get("model").get("model_name").asString())
                .isEqualTo("local-responder");
        assertThat(admin.get("/dashboard/models").json().get("total").asInt()).isGreaterThan(models.get("total").asInt());
        assertThat(admin.get("/dashboard/models/999999").status()).isEqualTo(404);
    }

    @Test
    void statsCountWhatIsStored() {
        Api admin = admin();
        JsonNode before = admin.get("/dashboard/stats").json();
        Team team = team(admin, 0);
        admin.post("/circles/" + team.circle() + "/tasks", Map.of("title", "Counted task"));

        JsonNode after = admin.get("/dashboard/stats").json();
        assertThat(after.get("demo_mode").asBoolean()).isFalse();
        assertThat(after.get("agents").get("total").asLong() - before.get("agents").get("total").asLong()).isEqualTo(2);
        assertThat(after.get("agents").get("idle").asLong() + after.get("agents").get("busy").asLong())
                .isEqualTo(after.get("agents").get("active").asLong());
        assertThat(after.get("circles").get("total").asLong() - before.get("circles").get("total").asLong()).isEqualTo(1);
        assertThat(after.get("circles").get("active").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(after.get("circles").get("total_tasks").asLong() - before.get("circles").get("total_tasks").asLong())
                .isEqualTo(1);
        assertThat(after.get("providers").get("total").asLong()).isGreaterThanOrEqualTo(8);
        assertThat(after.get("models").get("total").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(after.get("activity").has("tasks_completed")).isTrue();
        assertThat(after.get("activity").has("reviews_done")).isTrue();
    }

    @Test
    void circlesTheirMembersAndTasksAreReadByNumber() {
        Api admin = admin();
        Team team = team(admin, 0);
        long task = admin.post("/circles/" + team.circle() + "/tasks", Map.of("title", "Board task", "priority", 3))
                .json().get("id").asLong();
        admin.post("/circles/" + team.circle() + "/tasks/" + task + "/claim", Map.of("agent_id", team.first()));
        admin.post("/circles/" + team.circle() + "/tasks", Map.of("title", "Second task"));

        JsonNode circles = admin.get("/dashboard/circles").json();
        JsonNode circle = circles.get("circles").valueStream().filter(c -> c.get("id").asLong() == team.circleId())
                .findFirst().orElseThrow();
        assertThat(circle.get("member_count").asLong()).isEqualTo(2);
        assertThat(circle.get("task_count").asLong()).isEqualTo(2);
        assertThat(circle.get("is_active").asBoolean()).isTrue();
        assertThat(admin.get("/dashboard/circles/" + team.circleId()).json().get("circle").get("name").asString())
                .isEqualTo(team.circle());

        JsonNode members = admin.get("/dashboard/circles/" + team.circleId() + "/members").json();
        assertThat(members.get("circle_id").asLong()).isEqualTo(team.circleId());
        assertThat(members.get("total").asInt()).isEqualTo(2);
        assertThat(members.get("members").valueStream().map(m -> m.get("agent_name").asString())).containsExactly("Ada", "Grace");

        JsonNode tasks = admin.get("/dashboard/circles/" + team.circleId() + "/tasks").json();
        assertThat(tasks.get("total").asInt()).isEqualTo(2);
        assertThat(tasks.get("status_filter").isNull()).isTrue();
        JsonNode inProgress = admin.get("/dashboard/circles/" + team.circleId() + "/tasks?status=in_progress").json();
        assertThat(inProgress.get("status_filter").asString()).isEqualTo("in_progress");
        assertThat(inProgress.get("tasks").valueStream().map(t -> t.get("title").asString())).containsExactly("Board task");
        assertThat(inProgress.get("tasks").get(0).get("assigned_agent_name").asString()).isEqualTo("Ada");
        assertThat(admin.get("/dashboard/circles/" + team.circleId() + "/tasks?status=bogus").status()).isEqualTo(422);

        admin.delete("/circles/" + team.circle());
        assertThat(admin.get("/dashboard/circles/" + team.circleId()).status()).isEqualTo(404);
        assertThat(admin.get("/dashboard/circles?is_active=false").json().get("circles").valueStream()
                .anyMatch(c -> c.get("id").asLong() == team.circleId() && !c.get("is_active").asBoolean())).isTrue();
        assertThat(admin.get("/dashboard/circles/999999/members").status()).isEqualTo(404);
        assertThat(admin.get("/dashboard/circles/999999/tasks").status()).isEqualTo(404);
    }

    @Test
    void everyRouteRunsAConstantNumberOfStatements() {
        Api admin = admin();
        Team small = team(admin, 0);
        Team large = team(admin, 20);
        for (int i = 0; i < 20; i++) {
            admin.post("/circles/" + large.circle() + "/tasks", Map.of("title", "Task " + i));
        }
        admin.post("/circles/" + small.circle() + "/tasks", Map.of("title", "Only task"));

        assertThat(counter.countGet(admin, "/dashboard/config")).isZero();
        assertThat(counter.countGet(admin, "/dashboard/agents")).isEqualTo(1);
        assertThat(counter.countGet(admin, "/dashboard/agents/" + large.first())).isEqualTo(1);
        assertThat(counter.countGet(admin, "/dashboard/providers")).isEqualTo(1);
        assertThat(counter.countGet(admin, "/dashboard/providers/1")).isEqualTo(1);
        assertThat(counter.countGet(admin, "/dashboard/models")).isEqualTo(1);
        assertThat(counter.countGet(admin, "/dashboard/models/1")).isEqualTo(1);
        assertThat(counter.countGet(admin, "/dashboard/stats")).isEqualTo(3);
        assertThat(counter.countGet(admin, "/dashboard/circles")).isEqualTo(1);
        assertThat(counter.countGet(admin, "/dashboard/circles/" + large.circleId())).isEqualTo(1);
        assertThat(counter.countGet(admin, "/dashboard/circles/" + large.circleId() + "/members"))
                .isEqualTo(counter.countGet(admin, "/dashboard/circles/" + small.circleId() + "/members"))
                .isEqualTo(2);
        assertThat(counter.countGet(admin, "/dashboard/circles/" + large.circleId() + "/tasks"))
                .isEqualTo(counter.countGet(admin, "/dashboard/circles/" + small.circleId() + "/tasks"))
                .isEqualTo(2);
    }

    @Test
    void theDashboardSocketGreetsAnswersPingsAndForwardsEvents() {
        Api admin = admin();
        try (TestWebSocket socket = TestWebSocket.connect(admin, "/ws/dashboard", admin.token())) {
            JsonNode hello = socket.next();
            assertThat(hello.get("type").asString()).isEqualTo("connection.established");
            assertThat(hello.get("data").get("client_id").asString()).isNotBlank();
            assertThat(hello.get("data").get("message").asString()).isEqualTo("Connected to GatheRing dashboard");

            socket.send(Map.of("type", "ping", "timestamp", "2026-01-01T00:00:00Z"));
            JsonNode pong = socket.next(frame -> frame.get("type").asString().equals("pong"), Duration.ofSeconds(5));
            assertThat(pong.get("timestamp").asString()).isEqualTo("2026-01-01T00:00:00Z");

            String circle = Fixtures.unique("ws-dash");
            long circleId = admin.post("/circles", Map.of("name", circle)).json().get("circle_id").asLong();
            JsonNode created = socket.next(frame -> frame.get("type").asString().equals("circle.created")
                    && frame.get("circle_id").asLong() == circleId, Duration.ofSeconds(5));
            assertThat(created.get("data").get("name").asString()).isEqualTo(circle);
            assertThat(created.get("event_id").asString()).isNotBlank();
            assertThat(created.has("timestamp")).isTrue();
            assertThat(created.has("source_agent_id")).isTrue();
            assertThat(created.has("project_id")).isTrue();
        }
    }

    @Test
    void theDashboardSocketIsRefusedWithoutAValidToken() {
        assertThatThrownBy(() -> TestWebSocket.connect(api, "/ws/dashboard", null))
                .isInstanceOfSatisfying(TestWebSocket.Refused.class, refused -> assertThat(refused.status()).isEqualTo(401));
        assertThatThrownBy(() -> TestWebSocket.connect(api, "/ws/dashboard", "forged"))
                .isInstanceOfSatisfying(TestWebSocket.Refused.class, refused -> assertThat(refused.status()).isEqualTo(401));
    }
}
