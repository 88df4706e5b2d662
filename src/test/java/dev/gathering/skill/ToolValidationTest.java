package dev.gathering.skill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import dev.gathering.support.Api;
import dev.gathering.support.FakeLlmServer;
import dev.gathering.support.FakeLlmServer.Reply;
import dev.gathering.support.FakeLlmServer.ToolCall;
import dev.gathering.support.Fixtures;
import dev.gathering.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** Every tool call is checked against its schema before it runs, and the model reads why it was refused. */
class ToolValidationTest extends IntegrationTest {

    @RegisterExtension
    static final FakeLlmServer llm = new FakeLlmServer();

    Api admin;
    long agent;

    @BeforeEach
    void setUp() {
        admin = admin();
        String provider = Fixtures.provider(admin, "openai", llm.url() + "/v1");
        agent = Fixtures.agent(admin, "Val", provider, "gpt-test", Map.of());
        Fixtures.enableSkills(admin, agent, "weather");
    }

    private JsonNode chatWith(String tool, String arguments) {
        llm.then(Reply.tools(new ToolCall("c1", tool, arguments)), Reply.text("ok"));
        Api.Response response = admin.post("/agents/" + agent + "/chat", Map.of("message", "go"));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("tool_results").get(0);
    }

    /** What the model received as the tool's result in its second request. */
    private String resultSeenByModel() {
        JsonNode messages = llm.last().body().get("messages");
        return messages.get(messages.size() - 1).get("content").asString();
    }

    @Test
    void aMissingRequiredFieldIsNamedAndGoesBackToTheModel() {
        JsonNode result = chatWith("get_weather", "{}");

        assertThat(result.get("success").asBoolean()).isFalse();
        assertThat(result.get("result").asString())
                .contains("Invalid parameters for tool 'get_weather': ").contains("city").contains("(at city)");
        assertThat(resultSeenByModel()).contains("Invalid parameters for tool 'get_weather'");
    }

    @Test
    void aWrongTypeAndAnUndeclaredFieldAreRefused() {
        assertThat(chatWith("get_weather", "{\"city\": 42}").get("result").asString())
                .contains("Invalid parameters for tool 'get_weather'").contains("string").contains("(at city)");
        assertThat(chatWith("get_weather", "{\"city\": \"Oslo\", \"units\": \"metric\"}").get("result").asString())
                .contains("Invalid parameters for tool 'get_weather'").contains("units");
    }

    @Test
    void argumentsThatAreNotJsonAreRefused() {
        assertThat(chatWith("get_weather", "{city: Oslo").get("result").asString())
                .contains("Invalid parameters for tool 'get_weather': the arguments are not valid JSON");
    }

    @Test
    void aValidCallRunsIsCountedAndPublished() {
        JsonNode result = chatWith("get_weather", "{\"city\": \"Oslo\"}");

        assertThat(result.get("success").asBoolean()).isTrue();
        assertThat(result.get("result").asString()).contains("\"city\":\"Oslo\"");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode row = weatherRow(admin.get("/tools/agents/" + agent).json());
            assertThat(row.get("usage_count").asLong()).isEqualTo(1);
            assertThat(row.get("last_used_at").isNull()).isFalse();
        });
        JsonNode events = admin.get("/events/history?type=agent.tool.executed&limit=50").json().get("events");
        assertThat(events.valueStream().anyMatch(e -> e.path("source_agent_id").asLong() == agent
                && e.path("data").path("tool_name").asString().equals("get_weather")
                && e.path("data").path("skill_name").asString().equals("weather")
                && e.path("data").path("success").asBoolean())).isTrue();
    }

    @Test
    void aToolOfASkillThatIsNotEnabledIsNeitherOfferedNorRun() {
        admin.patch("/tools/agents/" + agent + "/skills/weather", Map.of("is_enabled", false));

        JsonNode result = chatWith("get_weather", "{\"city\": \"Oslo\"}");

        assertThat(llm.received().getFirst().body().has("tools")).isFalse();
        assertThat(result.get("result").asString()).contains("not enabled for agent " + agent);
    }

    private static JsonNode weatherRow(JsonNode matrix) {
        return matrix.get("tools").valueStream().filter(row -> row.get("skill_name").asString().equals("weather"))
                .findFirst().orElseThrow();
    }
}
