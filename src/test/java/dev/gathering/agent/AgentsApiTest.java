package dev.gathering.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.gathering.support.Api;
import dev.gathering.support.Fixtures;
import dev.gathering.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AgentsApiTest extends IntegrationTest {

    @Test
    void anAgentIsCreatedPersistedAndDescribed() {
        Api admin = admin();

        Api.Response created = admin.post("/agents", Map.of(
                "persona", Map.of("name", "Ada", "role", "Lead developer", "traits", List.of("precise", "calm"),
                        "communication_style", "technical", "specializations", List.of("java"), "languages", List.of("fr", "en")),
                "config", Map.of("provider", "local", "model", "local-responder", "max_tokens", 1000, "temperature", 0.2,
                        "competencies", List.of("java", "sql"), "can_review", List.of("java"))));
        JsonNode agent = created.json();
        JsonNode fetched = admin.get("/agents/" + agent.get("id").asLong()).json();

        assertThat(created.status()).isEqualTo(201);
        assertThat(fetched.get("name").asString()).isEqualTo("Ada");
        assertThat(fetched.get("role").asString()).isEqualTo("Lead developer");
        assertThat(fetched.get("provider").asString()).isEqualTo("local");
        assertThat(fetched.get("model").asString()).isEqualTo("local-responder");
        assertThat(fetched.get("status").asString()).isEqualTo("idle");
        assertThat(fetched.get("competencies").toString()).isEqualTo("[\"java\",\"sql\"]");
        assertThat(fetched.get("persona").get("traits").toString()).isEqualTo("[\"precise\",\"calm\"]");
        assertThat(fetched.get("persona").get("languages").toString()).isEqualTo("[\"fr\",\"en\"]");
        assertThat(fetched.get("config").get("max_tokens").asInt()).isEqualTo(1000);
        assertThat(fetched.get("config").get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(fetched.get("session").get("message_count").asLong()).isZero();
        assertThat(fetched.get("skills").isArray()).isTrue();
        assertThat(fetched.get("tools_count").asInt()).isEqualTo(fetched.get("skills").size());
    }

    @Test
    void anAgentCanBeCreatedFromAStoredPersona() {
        Api admin = admin();
        long personaId = admin.get("/personas").json().get("personas").valueStream()
                .filter(p -> p.get("display_name").asString().equals("QA Engineer")).findFirst().orElseThrow()
                .get("id").asLong();

        Api.Response created = admin.post("/agents", Map.of("persona_id", personaId,
                "config", Map.of("provider", "local")));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("name").asString()).isEqualTo("QA Engineer");
        assertThat(created.json().get("role").asString()).isEqualTo("Quality assurance engineer");
        assertThat(created.json().get("persona").get("specializations").toString()).contains("testing");
        assertThat(created.json().get("model").asString()).isEqualTo("local-responder");
    }

    @Test
    void agentsAreListedPatchedAndDeleted() {
        Api admin = admin();
        long id = Fixtures.agent(admin, "Listed", "local", "local-responder", Map.of());

        JsonNode list = admin.get("/agents?limit=500").json();
        Api.Response patched = admin.patch("/agents/" + id, Map.of("config", Map.of("temperature", 0, "competencies", List.of("go")),
                "persona", Map.of("role", "Go developer")));
        Api.Response deleted = admin.delete("/agents/" + id);

        assertThat(list.get("agents").findValuesAsString("name")).contains("Listed");
        assertThat(list.get("total").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().get("role").asString()).isEqualTo("Go developer");
        assertThat(patched.json().get("config").get("temperature").asDouble()).isZero();
        assertThat(patched.json().get("competencies").toString()).isEqualTo("[\"go\"]");
        assertThat(patched.json().get("name").asString()).isEqualTo("Listed");
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(admin.get("/agents/" + id).status()).isEqualTo(404);
        assertThat(admin.get("/agents/" + id).json().get("detail").asString()).isEqualTo("Agent " + id + " not found");
        assertThat(admin.delete("/agents/" + id).status()).isEqualTo(404);
    }

    @Test
    void badAgentsAreRefusedWithAReason() {
        Api admin = admin();

        Api.Response unknownProvider = admin.post("/agents", Map.of("persona", Map.of("name", "X", "role", "r"),
                "config", Map.of("provider", "nowhere")));
        Api.Response noPersona = admin.post("/agents", Map.of("config", Map.of("provider", "local")));
        Api.Response badTemperature = admin.post("/agents", Map.of("persona", Map.of("name", "X", "role", "r"),
                "config", Map.of("provider", "local", "temperature", 3)));
        Api.Response unknownPersona = admin.post("/agents", Map.of("persona_id", 999999));

        assertThat(unknownProvider.status()).isEqualTo(400);
        assertThat(unknownProvider.json().get("detail").asString()).contains("Unknown provider 'nowhere'", "local");
        assertThat(noPersona.status()).isEqualTo(400);
        assertThat(badTemperature.status()).isEqualTo(422);
        assertThat(unknownPersona.status()).isEqualTo(400);
    }

    @Test
    void theSessionTracksFilesAndTheCurrentTask() {
        Api admin = admin();
        long id = Fixtures.agent(admin, "Worker", "local", "local-responder", Map.of());

        assertThat(admin.post("/agents/" + id + "/session/track-file?file_path=src/Main.java").json().get("file").asString())
                .isEqualTo("src/Main.java");
        admin.post("/agents/" + id + "/session/track-file?file_path=src/Main.java");
        Api.Response task = admin.post("/agents/" + id + "/session/set-task?task_id=T-1&title=Fix%20login&progress=half");
        JsonNode status = admin.get("/agents/" + id + "/status").json();
        Api.Response cleared = admin.delete("/agents/" + id + "/session/task");
        JsonNode after = admin.get("/agents/" + id).json();

        assertThat(task.json().get("task_id").asString()).isEqualTo("T-1");
        assertThat(status.get("current_task").get("title").asString()).isEqualTo("Fix login");
        assertThat(status.get("session").get("working_files").toString()).isEqualTo("[\"src/Main.java\"]");
        assertThat(cleared.json().get("status").asString()).isEqualTo("ok");
        assertThat(after.get("current_task").isNull()).isTrue();
        assertThat(after.get("session").get("completed_actions").toString()).contains("Fix login");
        assertThat(admin.post("/agents/" + id + "/session/set-task?title=x").status()).isEqualTo(422);
    }

    @Test
    void theDashboardViewsReadTheSameAgents() {
        Api admin = admin();
        long id = Fixtures.agent(admin, "Dash", "local", "local-responder", Map.of());

        JsonNode all = admin.get("/agents-db").json();
        JsonNode one = admin.get("/agents-db/" + id).json();

        assertThat(all.get("agents").findValuesAsString("name")).contains("Dash");
        assertThat(one.get("name").asString()).isEqualTo("Dash");
        assertThat(one.get("provider_name").asString()).isEqualTo("local");
        assertThat(one.get("message_count").asLong()).isZero();
        assertThat(one.get("competencies").isArray()).isTrue();
        assertThat(admin.get("/agents-db/999999").status()).isEqualTo(404);
    }
}
