package dev.gathering.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.gathering.support.Api;
import dev.gathering.support.Fixtures;
import dev.gathering.support.IntegrationTest;
import dev.gathering.support.TestDatabases;
import dev.gathering.support.TestServer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The index across restarts and instances, and re-embedding when the model changes. */
class MemoryInstancesTest {

    private static final String[] SUBJECTS = {"The billing service", "Our search cluster", "The mobile gateway",
            "The nightly export", "The auth proxy", "The metrics pipeline", "The mail relay", "The image resizer",
            "The chat backend", "The payment worker"};
    private static final String[] FACTS = {"runs on three nodes in Frankfurt", "was rewritten in Rust last spring",
            "fails when the disk is full", "is owned by the platform team", "restarts every Sunday at midnight",
            "caches answers for five minutes", "logs every request it receives", "needs a manual approval to deploy",
            "depends on the legacy inventory database", "is scheduled to be retired in December",
            "alerts the on-call engineer after three errors", "keeps its secrets in the vault"};

    private static Api admin(TestServer server) {
        return server.api().login(IntegrationTest.ADMIN_EMAIL, IntegrationTest.ADMIN_PASSWORD);
    }

    private static JsonNode recall(Api api, long agentId, String query) {
        Api.Response response = api.withClientIp(Api.randomClientIp()).post("/memories/agents/" + agentId + "/recall",
                Map.of("query", query, "limit", 10, "threshold", 0));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("memories");
    }

    private static Api.Response put(Api api, String path, Object body) {
        return api.send(api.request(path).header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(Api.JSON.writeValueAsString(body))));
    }

    private static List<Long> ids(JsonNode memories) {
        return memories.findValues("id").stream().map(JsonNode::asLong).toList();
    }

    private static List<Map<String, Object>> facts(int count) {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(Map.of("content", SUBJECTS[i % SUBJECTS.length] + " " + FACTS[(i / SUBJECTS.length) % FACTS.length]
                    + (i >= SUBJECTS.length * FACTS.length ? " (note " + i + ")" : "")));
        }
        return batch;
    }

    @Test
    void theIndexRebuiltAfterARestartGivesTheSameResults() {
        String database = TestDatabases.create();
        List<String> queries = List.of("Which system is going away at the end of the year?", "What breaks when storage runs out?",
                "Who gets woken up when errors pile up?", "Where are passwords kept?", "What was ported to a new language?");
        List<List<Long>> before = new ArrayList<>();
        List<List<Double>> scoresBefore = new ArrayList<>();
        long agentId;
        try (TestServer server = TestServer.on(database).set("gathering.memory.hnsw-threshold", "50")
                .set("gathering.memory.upload-max-size", "2KB").start()) {
            Api admin = admin(server);
            agentId = Fixtures.agent(admin, "Archivist", "local", "local-responder", Map.of());
            Api.Response created = admin.post("/memories/agents/" + agentId + "/remember/batch", Map.of("memories", facts(150)));
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/memories/reindex/status").json().get("hnsw_graphs").asInt() >= 1);
            for (String query : queries) {
                JsonNode memories = recall(admin, agentId, query);
                before.add(ids(memories));
                scoresBefore.add(memories.findValues("similarity").stream().map(JsonNode::asDouble).toList());
            }
            // the upload limit is configurable
            Api.Response tooLarge = KnowledgeApiTest.upload(admin, "big.txt", "x".repeat(3000).getBytes(StandardCharsets.UTF_8), Map.of());
            assertThat(tooLarge.status()).isEqualTo(413);
            assertThat(tooLarge.json().get("detail").asString()).isEqualTo(
                    "The file 'big.txt' has 3000 bytes; documents may have at most 2048 bytes");
        }

        try (TestServer restarted = TestServer.on(database).set("gathering.memory.hnsw-threshold", "50").start()) {
            Api admin = admin(restarted);
            JsonNode status = admin.get("/memories/reindex/status").json();
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/memories/reindex/status").json().get("hnsw_graphs").asInt() >= 1);
            for (int i = 0; i < queries.size(); i++) {
                JsonNode memories = recall(admin, agentId, queries.get(i));
                assertThat(ids(memories)).as(queries.get(i)).isEqualTo(before.get(i));
                assertThat(memories.findValues("similarity").stream().map(JsonNode::asDouble).toList()).isEqualTo(scoresBefore.get(i));
            }
            assertThat(status.get("indexed_memories").asInt()).isIn(0, 150);
            assertThat(admin.get("/memories/reindex/status").json().get("indexed_memories").asInt()).isEqualTo(150);
        }
    }

    @Test
    void twoInstancesSeeEachOthersChangesAtOnce() {
        String database = TestDatabases.create();
        try (TestServer first = TestServer.on(database).start(); TestServer second = TestServer.on(database).start()) {
            Api one = admin(first);
            Api two = admin(second);
            long agentId = Fixtures.agent(one, "Shared", "local", "local-responder", Map.of());
            String question = "What colour is the staging dashboard?";
            assertThat(recall(two, agentId, question).size()).isZero();

            long id = one.post("/memories/agents/" + agentId + "/remember",
                    Map.of("content", "The staging dashboard has a purple header so nobody confuses it with production"))
                    .json().get("id").asLong();
            await().atMost(Duration.ofSeconds(10)).until(() -> ids(recall(two, agentId, question)).contains(id));

            long projectId = Fixtures.project(two, second.bean(dev.gathering.workspace.FolderPolicy.class).workspaceRoot());
            long entry = two.post("/memories/knowledge", Map.of("title", "Staging colours", "content",
                    "Staging uses purple, production uses red.", "project_id", projectId)).json().get("id").asLong();
            await().atMost(Duration.ofSeconds(10)).until(() -> one.withClientIp(Api.randomClientIp()).post("/memories/knowledge/search",
                    Map.of("query", "Which colour marks the test environment?", "project_id", projectId, "include_global", false,
                            "mode", "semantic")).json().get("results").findValues("id").stream().map(JsonNode::asLong).toList()
                    .contains(entry));

            assertThat(two.delete("/memories/agents/" + agentId + "/memories/" + id).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> !ids(recall(one, agentId, question)).contains(id));
            assertThat(one.delete("/memories/knowledge/" + entry).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> two.withClientIp(Api.randomClientIp()).post("/memories/knowledge/search",
                    Map.of("query", "Which colour marks the test environment?", "project_id", projectId, "include_global", false,
                            "mode", "semantic")).json().get("results").size() == 0);
        }
    }

    @Test
    void switchingTheModelReembedsEverythingWhileRecallKeepsWorking() {
        String database = TestDatabases.create();
        try (FakeEmbeddingServer embeddings = new FakeEmbeddingServer(64);
             TestServer server = TestServer.on(database).set("gathering.memory.state-refresh", "1s").start()) {
            Api admin = admin(server);
            Api user = server.api();
            user.post("/auth/register", Map.of("email", "member@gathering.test", "password", "member-password-1", "name", "Member"));
            user = user.login("member@gathering.test", "member-password-1");
            long agentId = Fixtures.agent(admin, "Switcher", "local", "local-responder", Map.of());
            admin.post("/memories/agents/" + agentId + "/remember/batch", Map.of("memories", facts(40)));
            long projectId = Fixtures.project(admin, server.bean(dev.gathering.workspace.FolderPolicy.class).workspaceRoot());
            admin.post("/memories/knowledge", Map.of("title", "Vault", "content", "Secrets live in the vault.", "project_id", projectId));
            String provider = Fixtures.provider(admin, "openai", embeddings.baseUrl());

            Api.Response forbidden = put(user, "/memories/embeddings", Map.of("provider", provider, "model", "fake-embed"));
            Api.Response unknown = put(admin, "/memories/embeddings", Map.of("provider", "nobody", "model", "x"));
            Api.Response notOpenAi = put(admin, "/memories/embeddings", Map.of("provider", "anthropic", "model", "x"));
            embeddings.failWith(500);
            Api.Response failing = put(admin, "/memories/embeddings", Map.of("provider", provider, "model", "fake-embed"));
            embeddings.failWith(0);
            assertThat(forbidden.status()).isEqualTo(403);
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(notOpenAi.status()).isEqualTo(400);
            assertThat(failing.status()).isEqualTo(400);
            assertThat(failing.json().get("detail").asString()).startsWith("Cannot use " + provider + "/fake-embed for embeddings");

            embeddings.delay(Duration.ofMillis(300));
            Api.Response started = put(admin, "/memories/embeddings", Map.of("provider", provider, "model", "fake-embed"));
            assertThat(started.status()).as(started.toString()).isEqualTo(202);
            assertThat(started.json().get("status").asString()).isEqualTo("running");
            assertThat(started.json().get("to_model").asString()).isEqualTo(provider + ":fake-embed@64");
            assertThat(started.json().get("total").asLong()).isEqualTo(41);
            assertThat(put(admin, "/memories/embeddings", Map.of("provider", "local")).status()).isEqualTo(409);
            // meanwhile, recall answers from the old vectors, and new memories are taken along
            JsonNode during = recall(admin, agentId, "Which service is being decommissioned?");
            assertThat(during.size()).isPositive();
            long late = admin.post("/memories/agents/" + agentId + "/remember", Map.of("content", "The fax bridge is obsolete"))
                    .json().get("id").asLong();
            embeddings.delay(Duration.ZERO);

            await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/memories/reindex/status").json().get("status").asString()
                    .equals("completed"));
            JsonNode status = admin.get("/memories/reindex/status").json();
            assertThat(status.get("active_model").asString()).isEqualTo(provider + ":fake-embed@64");
            assertThat(status.get("served_model").asString()).isEqualTo(provider + ":fake-embed@64");
            assertThat(status.get("percent").asDouble()).isEqualTo(100.0);
            assertThat(status.get("done").asLong()).isEqualTo(42);
            assertThat(status.get("indexed_memories").asInt()).isEqualTo(41);
            JsonNode stats = admin.get("/memories/agents/" + agentId + "/stats").json();
            assertThat(stats.get("embedded_memories").asLong()).isEqualTo(41);
            assertThat(stats.get("embedding_model").asString()).isEqualTo(provider + ":fake-embed@64");
            // the fake model matches shared words: the late memory is found with the new vectors
            assertThat(ids(recall(admin, agentId, "obsolete fax bridge"))).first().isEqualTo(late);
            JsonNode settings = admin.get("/memories/embeddings").json();
            assertThat(settings.get("provider").asString()).isEqualTo(provider);
            assertThat(settings.get("dimension").asInt()).isEqualTo(64);
            assertThat(settings.get("recall_threshold").asDouble()).isEqualTo(0.7);

            Api.Response thresholds = put(admin, "/memories/embeddings", Map.of("provider", provider, "model", "fake-embed",
                    "recall_threshold", 0.5, "chat_threshold", 0.2));
            assertThat(thresholds.status()).isEqualTo(200);
            assertThat(admin.get("/memories/embeddings").json().get("recall_threshold").asDouble()).isEqualTo(0.5);
        }
    }
}
