package dev.gathering.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.gathering.support.Api;
import dev.gathering.support.Fixtures;
import dev.gathering.support.IntegrationTest;
import dev.gathering.support.StatementCounter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The agent memory routes through HTTP, on the default in-process embedding model. */
class MemoryApiTest extends IntegrationTest {

    @Autowired
    StatementCounter counter;

    private long agent(Api api) {
        return Fixtures.agent(api, Fixtures.unique("Mnemosyne"), "local", "local-responder", Map.of());
    }

    private static JsonNode remember(Api api, long agentId, Map<String, Object> body) {
        Api.Response response = api.post("/memories/agents/" + agentId + "/remember", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static Api.Response recall(Api api, long agentId, Map<String, Object> body) {
        // recall is a WRITE route (30/min per client): each call from its own address
        return api.withClientIp(Api.randomClientIp()).post("/memories/agents/" + agentId + "/recall", body);
    }

    @Test
    void aMemoryIsRecalledByMeaningNotByWords() {
        Api admin = admin();
        long agentId = agent(admin);
        JsonNode stored = remember(admin, agentId, Map.of("content", "The production database is backed up every night at 2 am to cold storage",
                "memory_type", "fact", "tags", List.of("ops"), "importance", 0.8));
        remember(admin, agentId, Map.of("content", "Alice prefers code reviews written in French"));
        remember(admin, agentId, Map.of("content", "Our office cafeteria serves pizza on Fridays"));

        Api.Response response = recall(admin, agentId, Map.of("query", "When do we save a copy of our data?", "limit", 3));

        assertThat(stored.get("id").asLong()).isPositive();
        assertThat(stored.get("key").asString()).isEqualTo("auto_" + stored.get("id").asLong());
        assertThat(stored.get("value").asString()).startsWith("The production database");
        assertThat(stored.get("memory_type").asString()).isEqualTo("fact");
        assertThat(stored.get("similarity").isNull()).isTrue();
        assertThat(stored.get("importance").asDouble()).isEqualTo(0.8);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode memories = response.json().get("memories");
        assertThat(response.json().get("query").asString()).isEqualTo("When do we save a copy of our data?");
        assertThat(memories.size()).isGreaterThanOrEqualTo(1);
        assertThat(memories.get(0).get("id").asLong()).isEqualTo(stored.get("id").asLong());
        assertThat(memories.get(0).get("similarity").asDouble()).isBetween(0.3, 1.0);
        assertThat(response.json().get("total").asInt()).isEqualTo(memories.size());
        for (int i = 1; i < memories.size(); i++) {
            assertThat(memories.get(i - 1).get("similarity").asDouble()).isGreaterThanOrEqualTo(memories.get(i).get("similarity").asDouble());
        }
    }

    @Test
    void forgettingHidesAMemoryAtOnce() {
        Api admin = admin();
        long agentId = agent(admin);
        long id = remember(admin, agentId, Map.of("content", "The staging server password rotates every 30 days")).get("id").asLong();
        String question = "How often does the staging password change?";
        assertThat(recall(admin, agentId, Map.of("query", question)).json().get("memories").findValuesAsString("value"))
                .contains("The staging server password rotates every 30 days");

        Api.Response forgotten = admin.delete("/memories/agents/" + agentId + "/memories/" + id);
        JsonNode after = recall(admin, agentId, Map.of("query", question, "threshold", 0)).json();

        assertThat(forgotten.status()).as(forgotten.toString()).isEqualTo(200);
        assertThat(forgotten.json().get("status").asString()).isEqualTo("forgotten");
        assertThat(forgotten.json().get("memory_id").asLong()).isEqualTo(id);
        assertThat(after.get("memories").findValues("id").stream().map(JsonNode::asLong)).doesNotContain(id);
        Api.Response again = admin.delete("/memories/agents/" + agentId + "/memories/" + id);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.json().get("detail").asString()).isEqualTo("Memory " + id + " not found for agent " + agentId);
    }

    @Test
    void recallFiltersByTypeAndTagsAndThreshold() {
        Api admin = admin();
        long agentId = agent(admin);
        remember(admin, agentId, Map.of("content", "Deployments to production happen on Tuesday mornings", "memory_type", "decision",
                "tags", List.of("release", "ops")));
        remember(admin, agentId, Map.of("content", "Deploying on Friday evenings caused the March outage", "memory_type", "error",
                "tags", List.of("incident")));
        remember(admin, agentId, Map.of("content", "Releases are shipped to customers after the QA sign-off", "memory_type", "fact",
                "tags", List.of("release")));
        String query = "When should we ship code to production?";

        JsonNode decisions = recall(admin, agentId, Map.of("query", query, "memory_type", "decision", "threshold", 0)).json();
        JsonNode incidents = recall(admin, agentId, Map.of("query", query, "tags", List.of("incident"), "threshold", 0)).json();
        JsonNode releases = recall(admin, agentId, Map.of("query", query, "tags", List.of("release", "nothing"), "threshold", 0)).json();
        JsonNode strict = recall(admin, agentId, Map.of("query", query, "threshold", 0.99)).json();
        JsonNode limited = recall(admin, agentId, Map.of("query", query, "threshold", 0, "limit", 1)).json();

        assertThat(decisions.get("memories").findValuesAsString("memory_type")).containsOnly("decision").hasSize(1);
        assertThat(incidents.get("memories").findValuesAsString("value")).containsExactly("Deploying on Friday evenings caused the March outage");
        assertThat(releases.get("memories").size()).isEqualTo(2);
        assertThat(strict.get("memories").size()).isZero();
        assertThat(limited.get("memories").size()).isEqualTo(1);
    }

    @Test
    void aBatchIsRememberedInOneGo() {
        Api admin = admin();
        long agentId = agent(admin);
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            batch.add(Map.of("content", "Batch fact number " + i + " about the ingestion pipeline", "tags", List.of("batch")));
        }

        Api.Response created = admin.post("/memories/agents/" + agentId + "/remember/batch", Map.of("memories", batch));
        JsonNode stats = admin.get("/memories/agents/" + agentId + "/stats").json();
        JsonNode found = recall(admin, agentId, Map.of("query", "Batch fact number 7 about the ingestion pipeline", "limit", 1)).json();

        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.json().get("total").asInt()).isEqualTo(25);
        assertThat(created.json().get("created").size()).isEqualTo(25);
        assertThat(stats.get("total_memories").asLong()).isEqualTo(25);
        assertThat(stats.get("active_memories").asLong()).isEqualTo(25);
        assertThat(stats.get("embedded_memories").asLong()).isEqualTo(25);
        assertThat(stats.get("avg_importance").asDouble()).isEqualTo(0.5);
        assertThat(found.get("memories").get(0).get("id").asLong()).isEqualTo(created.json().get("created").get(7).asLong());
    }

    @Test
    void statsAndListsCountWhatIsForgotten() {
        Api admin = admin();
        long agentId = agent(admin);
        long first = remember(admin, agentId, Map.of("content", "First thing to remember", "importance", 0.2)).get("id").asLong();
        remember(admin, agentId, Map.of("content", "Second thing to remember", "importance", 0.6, "memory_type", "preference"));
        remember(admin, agentId, Map.of("content", "Third thing to remember", "importance", 1.0, "key", "third"));
        admin.delete("/memories/agents/" + agentId + "/memories/" + first);

        JsonNode stats = admin.get("/memories/agents/" + agentId + "/stats").json();
        JsonNode page1 = admin.get("/memories/agents/" + agentId + "?page=1&page_size=1").json();
        JsonNode page2 = admin.get("/memories/agents/" + agentId + "?page=2&page_size=1").json();
        JsonNode all = admin.get("/memories/agents/" + agentId + "?include_forgotten=true").json();
        JsonNode preferences = admin.get("/memories/agents/" + agentId + "?memory_type=preference").json();

        assertThat(stats.get("total_memories").asLong()).isEqualTo(3);
        assertThat(stats.get("active_memories").asLong()).isEqualTo(2);
        assertThat(stats.get("embedded_memories").asLong()).isEqualTo(2);
        assertThat(stats.get("avg_importance").asDouble()).isEqualTo(0.8);
        assertThat(stats.get("by_type").get("preference").asLong()).isEqualTo(1);
        assertThat(page1.get("total").asLong()).isEqualTo(2);
        assertThat(page1.get("memories").get(0).get("key").asString()).isEqualTo("third");
        assertThat(page2.get("memories").get(0).get("value").asString()).isEqualTo("Second thing to remember");
        assertThat(page1.get("page_size").asInt()).isEqualTo(1);
        assertThat(all.get("total").asLong()).isEqualTo(3);
        assertThat(all.get("memories").get(2).get("is_active").asBoolean()).isFalse();
        assertThat(preferences.get("memories").findValuesAsString("memory_type")).containsExactly("preference");
        // the dashboard view counts active memories
        assertThat(admin.get("/agents-db/" + agentId).json().get("memory_count").asLong()).isEqualTo(2);
    }

    @Test
    void theAgentRoutesRememberAndRecallTheUpstreamWay() {
        Api admin = admin();
        long agentId = agent(admin);

        Api.Response created = admin.post("/agents/" + agentId + "/memories", Map.of("content", "The CI pipeline takes about twelve minutes"));
        Api.Response typed = admin.post("/agents/" + agentId + "/memories", Map.of("content", "We talked about the roadmap", "memory_type", "conversation"));
        Api.Response recalled = admin.withClientIp(Api.randomClientIp()).post("/agents/" + agentId + "/memories/recall",
                Map.of("query", "How long do builds run?", "limit", 1));
        Api.Response byType = admin.withClientIp(Api.randomClientIp()).post("/agents/" + agentId + "/memories/recall",
                Map.of("query", "How long do builds run?", "memory_types", List.of("conversation")));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("memory_type").asString()).isEqualTo("learning");
        assertThat(created.json().get("content").asString()).isEqualTo("The CI pipeline takes about twelve minutes");
        assertThat(created.json().get("created_at").asString()).isNotBlank();
        assertThat(typed.json().get("memory_type").asString()).isEqualTo("context");
        assertThat(recalled.status()).as(recalled.toString()).isEqualTo(200);
        assertThat(recalled.json().get("memories").toString()).isEqualTo("[\"The CI pipeline takes about twelve minutes\"]");
        assertThat(recalled.json().get("query").asString()).isEqualTo("How long do builds run?");
        assertThat(byType.json().get("memories").toString()).doesNotContain("twelve minutes");
    }

    @Test
    void memoryEventsArePublished() {
        Api admin = admin();
        long agentId = agent(admin);
        long privateId = remember(admin, agentId, Map.of("content", "A private note")).get("id").asLong();
        long circle = admin.post("/circles", Map.of("name", dev.gathering.support.Fixtures.unique("evented")))
                .json().get("circle_id").asLong();
        long sharedId = remember(admin, agentId, Map.of("content", "A note for the whole circle", "scope", "circle",
                "scope_id", circle)).get("id").asLong();
        admin.delete("/memories/agents/" + agentId + "/memories/" + privateId);
        long entryId = admin.post("/memories/knowledge", Map.of("title", "Evented", "content", "An entry")).json().get("id").asLong();

        JsonNode created = event(admin, "memory.created", "memory_id", privateId);
        JsonNode shared = event(admin, "memory.shared", "memory_id", sharedId);
        JsonNode forgotten = event(admin, "memory.forgotten", "memory_id", privateId);
        JsonNode added = event(admin, "knowledge.added", "entry_id", entryId);

        assertThat(created.get("source_agent_id").asLong()).isEqualTo(agentId);
        assertThat(created.get("data").get("agent_id").asLong()).isEqualTo(agentId);
        assertThat(shared.get("circle_id").asLong()).isEqualTo(circle);
        assertThat(shared.get("data").get("content").asString()).isEqualTo("A note for the whole circle");
        assertThat(forgotten.get("data").get("agent_id").asLong()).isEqualTo(agentId);
        assertThat(added.get("data").get("title").asString()).isEqualTo("Evented");
    }

    private static JsonNode event(Api api, String type, String idField, long id) {
        JsonNode events = api.get("/events/history?limit=1000&type=" + type).json().get("events");
        return events.valueStream().filter(event -> event.get("data").get(idField).asLong() == id).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " event for " + idField + " " + id + " in " + events));
    }

    @Test
    void badInputIsRefusedWithAReason() {
        Api admin = admin();
        long agentId = agent(admin);
        long other = agent(admin);
        long id = remember(admin, agentId, Map.of("content", "Belongs to the first agent")).get("id").asLong();

        assertThat(admin.post("/memories/agents/" + agentId + "/remember", Map.of("content", " ")).status()).isEqualTo(422);
        Api.Response badType = admin.post("/memories/agents/" + agentId + "/remember", Map.of("content", "x", "memory_type", "gossip"));
        assertThat(badType.status()).isEqualTo(422);
        assertThat(badType.json().get("detail").asString()).contains("memory_type");
        assertThat(admin.post("/memories/agents/" + agentId + "/remember", Map.of("content", "x", "importance", 1.5)).status()).isEqualTo(422);
        Api.Response noScopeId = admin.post("/memories/agents/" + agentId + "/remember", Map.of("content", "x", "scope", "circle"));
        assertThat(noScopeId.status()).isEqualTo(400);
        assertThat(noScopeId.json().get("detail").asString()).contains("scope_id");
        assertThat(recall(admin, agentId, Map.of("query", "x", "limit", 51)).status()).isEqualTo(422);
        assertThat(recall(admin, agentId, Map.of("query", "x", "threshold", 2)).status()).isEqualTo(422);
        assertThat(recall(admin, agentId, Map.of("limit", 5)).status()).isEqualTo(422);
        assertThat(admin.post("/memories/agents/" + agentId + "/remember/batch", Map.of("memories", List.of())).status()).isEqualTo(422);
        assertThat(admin.post("/agents/" + agentId + "/memories/recall", Map.of("query", "x", "limit", 21)).status()).isEqualTo(422);
        assertThat(admin.get("/memories/agents/" + agentId + "?page_size=101").status()).isEqualTo(422);
        assertThat(admin.get("/memories/agents/" + agentId + "?page=0").status()).isEqualTo(422);

        long missing = 987_654_321L;
        for (Api.Response response : List.of(
                admin.post("/memories/agents/" + missing + "/remember", Map.of("content", "x")),
                recall(admin, missing, Map.of("query", "x")),
                admin.delete("/memories/agents/" + missing + "/memories/" + id),
                admin.get("/memories/agents/" + missing + "/stats"),
                admin.get("/memories/agents/" + missing),
                admin.post("/agents/" + missing + "/memories", Map.of("content", "x")))) {
            assertThat(response.status()).as(response.toString()).isEqualTo(404);
            assertThat(response.json().get("detail").asString()).isEqualTo("Agent " + missing + " not found");
        }
        // another agent's memory cannot be forgotten through this one
        assertThat(admin.delete("/memories/agents/" + other + "/memories/" + id).status()).isEqualTo(404);
        assertThat(new Api(api.baseUrl()).get("/memories/agents/" + agentId + "/stats").status()).isEqualTo(401);
    }

    @Test
    void listingsRunAFixedNumberOfStatements() {
        Api admin = admin();
        long small = agent(admin);
        long large = agent(admin);
        remember(admin, small, Map.of("content", "Only one memory here"));
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            batch.add(Map.of("content", "Memory " + i + " of a busy agent", "tags", List.of("t" + i)));
        }
        admin.post("/memories/agents/" + large + "/remember/batch", Map.of("memories", batch));

        int one = counter.countGet(admin, "/memories/agents/" + small + "?page_size=100");
        int forty = counter.countGet(admin, "/memories/agents/" + large + "?page_size=100");
        int statsOne = counter.countGet(admin, "/memories/agents/" + small + "/stats");
        int statsForty = counter.countGet(admin, "/memories/agents/" + large + "/stats");

        assertThat(forty).isEqualTo(one).isLessThanOrEqualTo(4);
        assertThat(statsForty).isEqualTo(statsOne).isLessThanOrEqualTo(3);
    }
}
