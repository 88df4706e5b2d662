package dev.gathering.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.gathering.support.Api;
import dev.gathering.support.Fixtures;
import dev.gathering.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The object-level access rule, resource by resource: user B against user A's objects. Shared resources (agents,
 * personas, circles, global knowledge and memories) are read by all and changed by their owner or an admin (403 for
 * anyone else); private data (chat history, usage, private memories and knowledge) is not found by others (404 or left
 * out); viewers only read.
 */
class AccessControlTest extends IntegrationTest {

    private Api admin;
    private Api alice;
    private Api bob;

    @BeforeEach
    void users() {
        admin = admin();
        alice = member("alice");
        bob = member("bob");
    }

    private Api member(String name) {
        String email = Fixtures.unique(name) + "@example.com";
        Api.Response registered = api.post("/auth/register", Map.of("email", email, "password", "correct-horse", "name", name));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        assertThat(registered.json().get("role").asString()).isEqualTo("member");
        return api.withClientIp(Api.randomClientIp()).login(email, "correct-horse");
    }

    private static String id(Api user) {
        return user.get("/auth/me").json().get("id").asString();
    }

    private static void assertRefused(Api.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).isNotBlank();
    }

    private long agentOf(Api owner) {
        return Fixtures.agent(owner, Fixtures.unique("agent"), "local", "local-responder", Map.of());
    }

    @Test
    void administratorsListUsersAndChangeTheirRoles() {
        String bobId = id(bob);

        JsonNode users = admin.get("/auth/users?limit=500").json();
        assertThat(users.get("users").findValuesAsString("id")).contains(bobId);
        assertThat(users.get("total").asLong()).isPositive();
        assertRefused(alice.get("/auth/users"), 403);
        assertRefused(alice.patch("/auth/users/" + bobId, Map.of("role", "admin")), 403);
        assertRefused(admin.patch("/auth/users/" + bobId, Map.of("role", "owner")), 422);
        assertRefused(admin.patch("/auth/users/no-such-user", Map.of("role", "viewer")), 404);

        Api.Response demoted = admin.patch("/auth/users/" + bobId, Map.of("role", "viewer"));
        assertThat(demoted.status()).as(demoted.toString()).isEqualTo(200);
        assertThat(demoted.json().get("role").asString()).isEqualTo("viewer");
        // bob's token, issued when he was a member, now acts as a viewer's
        assertThat(bob.get("/auth/me").json().get("role").asString()).isEqualTo("viewer");
        assertRefused(bob.post("/agents", Map.of("persona", Map.of("name", "x", "role", "y"))), 403);

        Api.Response promoted = admin.patch("/auth/users/" + bobId, Map.of("role", "admin"));
        assertThat(promoted.json().get("role").asString()).isEqualTo("admin");
        assertThat(bob.get("/auth/users").status()).isEqualTo(200);
        assertRefused(bob.patch("/auth/users/" + bobId, Map.of("role", "member")), 409);

        assertThat(admin.patch("/auth/users/" + bobId, Map.of("is_active", false)).status()).isEqualTo(200);
        assertRefused(bob.get("/agents"), 401);
    }

    @Test
    void viewersReadButChangeNothing() {
        Api viewer = member("viewer");
        admin.patch("/auth/users/" + id(viewer), Map.of("role", "viewer"));
        long agent = agentOf(alice);

        assertThat(viewer.get("/agents/" + agent).status()).isEqualTo(200);
        assertThat(viewer.post("/memories/knowledge/search", Map.of("query", "anything")).status()).isEqualTo(200);
        assertThat(viewer.post("/auth/verify").status()).isEqualTo(200);
        assertRefused(viewer.post("/agents", Map.of("persona", Map.of("name", "x", "role", "y"))), 403);
        assertRefused(viewer.post("/agents/" + agent + "/chat", Map.of("message", "hello")), 403);
        assertRefused(viewer.post("/circles", Map.of("name", Fixtures.unique("c"))), 403);
        assertRefused(viewer.post("/memories/knowledge", Map.of("title", "t", "content", "c")), 403);
        assertThat(viewer.post("/auth/logout").status()).isEqualTo(200);
    }

    @Test
    void agentsAreReadByAllAndChangedByTheirOwner() {
        long agent = agentOf(alice);
        Map<String, Object> rename = Map.of("persona", Map.of("name", "Renamed"));

        assertThat(bob.get("/agents/" + agent).json().get("owner_id").asString()).isEqualTo(id(alice));
        Api.Response patched = bob.patch("/agents/" + agent, rename);
        assertRefused(patched, 403);
        assertThat(patched.json().get("detail").asString()).contains("owner of agent " + agent);
        assertRefused(bob.delete("/agents/" + agent), 403);
        assertRefused(bob.post("/agents/" + agent + "/session/track-file?file_path=a.txt"), 403);
        assertThat(bob.get("/agents/" + agent).json().get("name").asString()).isNotEqualTo("Renamed");

        assertThat(alice.patch("/agents/" + agent, rename).status()).isEqualTo(200);
        assertThat(admin.delete("/agents/" + agent).status()).isEqualTo(204);
    }

    @Test
    void personasAreReadByAllAndChangedByTheirOwner() {
        long persona = alice.post("/personas", Map.of("display_name", Fixtures.unique("Persona"), "role", "r"))
                .json().get("id").asLong();

        assertThat(bob.get("/personas/" + persona).status()).isEqualTo(200);
        assertRefused(bob.patch("/personas/" + persona, Map.of("motto", "mine now")), 403);
        assertRefused(bob.delete("/personas/" + persona), 403);
        assertThat(alice.patch("/personas/" + persona, Map.of("motto", "still mine")).status()).isEqualTo(200);
        assertThat(alice.delete("/personas/" + persona).status()).isEqualTo(204);
    }

    @Test
    void circlesAndWhatBelongsToThemAreChangedByTheCirclesOwner() {
        String circle = Fixtures.unique("circle");
        assertThat(alice.post("/circles", Map.of("name", circle)).status()).isEqualTo(201);
        long bobsAgent = agentOf(bob);

        assertThat(bob.get("/circles/" + circle).status()).isEqualTo(200);
        assertRefused(bob.post("/circles/" + circle + "/start"), 403);
        assertRefused(bob.post("/circles/" + circle + "/agents", Map.of("agent_id", bobsAgent)), 403);
        assertRefused(bob.post("/circles/" + circle + "/tasks", Map.of("title", "work for me")), 403);
        assertRefused(bob.delete("/circles/" + circle), 403);

        // using a shared agent is allowed: alice's circle may have bob's agent as a member
        assertThat(alice.post("/circles/" + circle + "/agents", Map.of("agent_id", bobsAgent)).status()).isEqualTo(200);
        assertThat(alice.post("/circles/" + circle + "/start").status()).isEqualTo(200);
        assertThat(admin.post("/circles/" + circle + "/stop").status()).isEqualTo(200);
    }

    @Test
    void privateMemoriesAreTheirOwnersAndSharedOnesAreReadByAll() {
        long agent = agentOf(alice);
        long privateMemory = alice.post("/memories/agents/" + agent + "/remember",
                Map.of("content", "Alice's secret: the launch code is 4242")).json().get("id").asLong();
        long globalMemory = alice.post("/memories/agents/" + agent + "/remember",
                Map.of("content", "The office opens at nine", "scope", "global")).json().get("id").asLong();

        List<Long> bobSees = bob.get("/memories/agents/" + agent).json().get("memories").findValuesAsString("id")
                .stream().map(Long::valueOf).toList();
        assertThat(bobSees).contains(globalMemory).doesNotContain(privateMemory);
        assertThat(bob.post("/memories/agents/" + agent + "/recall", Map.of("query", "launch code", "threshold", 0))
                .json().get("memories").findValuesAsString("value")).noneMatch(value -> value.contains("4242"));
        assertRefused(bob.delete("/memories/agents/" + agent + "/memories/" + privateMemory), 404);
        assertRefused(bob.delete("/memories/agents/" + agent + "/memories/" + globalMemory), 403);
        assertRefused(bob.post("/memories/agents/" + agent + "/remember",
                Map.of("content", "Everyone must obey Bob", "scope", "global")), 403);
        assertThat(bob.post("/memories/agents/" + agent + "/remember", Map.of("content", "Bob's own note"))
                .status()).isEqualTo(200);
        assertThat(bob.get("/memories/agents/" + agent + "/stats").json().get("active_memories").asLong()).isEqualTo(2);

        assertThat(alice.post("/memories/agents/" + agent + "/recall", Map.of("query", "launch code", "threshold", 0))
                .json().get("memories").findValuesAsString("value")).anyMatch(value -> value.contains("4242"));
        assertThat(admin.get("/memories/agents/" + agent).json().get("total").asLong()).isEqualTo(3);
        assertThat(alice.delete("/memories/agents/" + agent + "/memories/" + privateMemory).status()).isEqualTo(200);
    }

    @Test
    void knowledgeIsSeenWhenGlobalOwnOrOfOnesCircles() {
        String marker = Fixtures.unique("zebra");
        long privateEntry = alice.post("/memories/knowledge", Map.of("title", "Private " + marker,
                "content", "Only for Alice: " + marker)).json().get("id").asLong();
        long globalEntry = alice.post("/memories/knowledge", Map.of("title", "Global " + marker,
                "content", "For everyone: " + marker, "is_global", true)).json().get("id").asLong();
        String circle = Fixtures.unique("circle");
        long circleId = alice.post("/circles", Map.of("name", circle)).json().get("circle_id").asLong();
        long circleEntry = alice.post("/memories/knowledge", Map.of("title", "Circle " + marker,
                "content", "For the circle: " + marker, "circle_id", circleId)).json().get("id").asLong();

        Map<String, Object> query = Map.of("query", marker, "mode", "keyword", "limit", 50);
        List<String> bobFinds = bob.post("/memories/knowledge/search", query).json().get("results").findValuesAsString("id");
        List<String> aliceFinds = alice.post("/memories/knowledge/search", query).json().get("results").findValuesAsString("id");
        assertThat(bobFinds).containsExactly(String.valueOf(globalEntry));
        assertThat(aliceFinds).contains(String.valueOf(privateEntry), String.valueOf(globalEntry), String.valueOf(circleEntry));
        assertThat(bob.get("/memories/knowledge?page_size=100").json().get("entries").findValuesAsString("id"))
                .doesNotContain(String.valueOf(privateEntry), String.valueOf(circleEntry));

        assertRefused(bob.delete("/memories/knowledge/" + privateEntry), 404);
        assertRefused(bob.delete("/memories/knowledge/" + globalEntry), 403);
        assertRefused(bob.post("/memories/knowledge", Map.of("title", "t", "content", "c", "circle_id", circleId)), 403);
        assertThat(alice.delete("/memories/knowledge/" + privateEntry).status()).isEqualTo(200);
        assertThat(admin.delete("/memories/knowledge/" + globalEntry).status()).isEqualTo(200);
    }

    @Test
    void chatHistoryAndUsageArePerUser() {
        long agent = agentOf(alice);
        assertThat(alice.post("/agents/" + agent + "/chat", Map.of("message", "alice asks")).status()).isEqualTo(200);
        assertThat(bob.post("/agents/" + agent + "/chat", Map.of("message", "bob asks")).status()).isEqualTo(200);

        List<String> aliceSees = alice.get("/agents/" + agent + "/history").json().get("messages").findValuesAsString("content");
        List<String> bobSees = bob.get("/agents/" + agent + "/history").json().get("messages").findValuesAsString("content");
        List<String> adminSees = admin.get("/agents/" + agent + "/history").json().get("messages").findValuesAsString("content");

        assertThat(aliceSees).contains("alice asks").doesNotContain("bob asks").hasSize(2);
        assertThat(bobSees).contains("bob asks").doesNotContain("alice asks").hasSize(2);
        assertThat(adminSees).contains("alice asks", "bob asks");
        assertThat(bob.get("/agents/" + agent + "/usage").json().get("messages").asLong()).isEqualTo(1);
        assertThat(admin.get("/agents/" + agent + "/usage").json().get("messages").asLong()).isEqualTo(2);
        assertThat(bob.get("/usage").json().get("lines").findValuesAsString("messages").stream()
                .mapToLong(Long::parseLong).sum()).isEqualTo(1);
    }

    @Test
    void eventsAboutPrivateDataReachOnlyTheirUserAndAdmins() {
        long agent = agentOf(alice);
        long secret = alice.post("/memories/agents/" + agent + "/remember", Map.of("content", "private event"))
                .json().get("id").asLong();
        assertThat(alice.post("/agents/" + agent + "/chat", Map.of("message", "hello events")).status()).isEqualTo(200);

        List<String> bobSees = bob.get("/events/history?limit=1000").json().get("events").findValuesAsString("id");
        List<JsonNode> aliceEvents = alice.get("/events/history?limit=1000").json().get("events").valueStream().toList();
        List<JsonNode> adminEvents = admin.get("/events/history?limit=1000").json().get("events").valueStream().toList();

        JsonNode remembered = aliceEvents.stream().filter(event -> event.get("type").asString().equals("memory.created")
                && event.get("data").get("memory_id").asLong() == secret).findFirst().orElseThrow();
        JsonNode chatted = aliceEvents.stream().filter(event -> event.get("type").asString().equals("agent.chat.completed")
                && event.get("data").get("agent_id").asLong() == agent).findFirst().orElseThrow();
        assertThat(bobSees).doesNotContain(remembered.get("id").asString(), chatted.get("id").asString());
        assertThat(adminEvents.stream().map(event -> event.get("id").asString()))
                .contains(remembered.get("id").asString(), chatted.get("id").asString());
    }
}
