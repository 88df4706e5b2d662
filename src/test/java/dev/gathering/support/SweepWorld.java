package dev.gathering.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Objects for the sweep tests to aim at: existing ids for path parameters and id fields (so that a request reaches its
 * handler, not only a 404), and sentinels that no sweep request names, whose rows must be unchanged afterwards.
 */
public final class SweepWorld {

    /** Path parameter name (or id field name) → a value that exists. */
    public final Map<String, String> values = new HashMap<>();
    private final Map<String, String> sentinelRows = new HashMap<>();
    private final JdbcClient jdbc;

    private SweepWorld(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public static SweepWorld create(Api admin, JdbcClient jdbc) {
        SweepWorld world = new SweepWorld(jdbc);
        world.build(admin);
        return world;
    }

    private void build(Api admin) {
        String provider = Fixtures.provider(admin, "openai", "http://127.0.0.1:9/v1");
        long providerId = admin.get("/providers").json().get("providers").valueStream()
                .filter(p -> p.get("name").asString().equals(provider)).findFirst().orElseThrow().get("id").asLong();
        long model = Fixtures.model(admin, provider, "sweep-model", 1, 2).get("id").asLong();
        long agent = Fixtures.agent(admin, Fixtures.unique("sweep"), "local", "local-responder", Map.of());
        long persona = created(admin.post("/personas", Map.of("display_name", Fixtures.unique("Sweep"), "role", "target")))
                .get("id").asLong();
        String circle = Fixtures.unique("sweep");
        long circleId = created(admin.post("/circles", Map.of("name", circle))).get("circle_id").asLong();
        admin.post("/circles/" + circle + "/agents", Map.of("agent_id", agent));
        long memory = created(admin.post("/memories/agents/" + agent + "/remember", Map.of("content", "sweep target")))
                .get("id").asLong();
        long entry = created(admin.post("/memories/knowledge", Map.of("title", "Sweep target", "content", "target")))
                .get("id").asLong();
        String email = Fixtures.unique("sweep") + "@example.com";
        String user = created(admin.post("/auth/register", Map.of("email", email, "password", "correct-horse",
                "name", "Sweep"))).get("id").asString();

        put(List.of("agentId", "agent_id", "author_agent_id", "reviewer_id", "assigned_agent_id"), String.valueOf(agent));
        put(List.of("name", "circle"), circle);
        put(List.of("circleId", "circle_id", "scope_id"), String.valueOf(circleId));
        put(List.of("personaId", "persona_id"), String.valueOf(persona));
        put(List.of("providerId", "provider_id"), String.valueOf(providerId));
        put(List.of("provider"), "local");
        put(List.of("modelId", "model_id", "default_model_id"), String.valueOf(model));
        put(List.of("memoryId", "memory_id"), String.valueOf(memory));
        put(List.of("entryId", "entry_id"), String.valueOf(entry));
        put(List.of("userId", "user_id"), user);
        put(List.of("taskId", "task_id", "conflictId", "conflict_id"), "1");

        // sentinels: created now, named by no request of the sweep
        long sentinelAgent = Fixtures.agent(admin, Fixtures.unique("sentinel"), "local", "local-responder", Map.of());
        sentinel("agent.agents", sentinelAgent);
        sentinel("agent.personas", created(admin.post("/personas", Map.of("display_name", Fixtures.unique("Sentinel"),
                "role", "kept"))).get("id").asLong());
        sentinel("circle.circles", created(admin.post("/circles", Map.of("name", Fixtures.unique("sentinel"))))
                .get("circle_id").asLong());
        sentinel("memory.memories", created(admin.post("/memories/agents/" + sentinelAgent + "/remember",
                Map.of("content", "kept"))).get("id").asLong());
        sentinel("memory.knowledge_base", created(admin.post("/memories/knowledge",
                Map.of("title", "Sentinel", "content", "kept"))).get("id").asLong());
        String sentinelProvider = Fixtures.provider(admin, "openai", "http://127.0.0.1:9/v1");
        sentinel("agent.models", Fixtures.model(admin, sentinelProvider, "sentinel-model", 3, 4).get("id").asLong());
    }

    private static JsonNode created(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isBetween(200, 201);
        return response.json();
    }

    private void put(List<String> names, String value) {
        names.forEach(name -> values.put(name, value));
    }

    private void sentinel(String table, long id) {
        sentinelRows.put(table + "#" + id, row(table, id));
    }

    private String row(String table, long id) {
        return jdbc.sql("SELECT md5(row_to_json(t)::text) FROM " + table + " t WHERE id = ?").param(id)
                .query(String.class).optional().orElse("deleted");
    }

    /** The sentinels whose row changed (empty when none did). */
    public List<String> changedSentinels() {
        return sentinelRows.entrySet().stream().filter(entry -> {
            String[] key = entry.getKey().split("#");
            return !row(key[0], Long.parseLong(key[1])).equals(entry.getValue());
        }).map(Map.Entry::getKey).toList();
    }
}
