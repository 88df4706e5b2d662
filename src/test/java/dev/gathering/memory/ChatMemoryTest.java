package dev.gathering.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Map;

import dev.gathering.support.Api;
import dev.gathering.support.FakeLlmServer;
import dev.gathering.support.Fixtures;
import dev.gathering.support.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Chat gets relevant memories in its prompt, and each exchange is remembered when the agent's auto_remember is on. */
class ChatMemoryTest extends IntegrationTest {

    static FakeLlmServer llm;

    @BeforeAll
    static void startProvider() {
        llm = new FakeLlmServer();
    }

    @AfterAll
    static void stopProvider() {
        llm.close();
    }

    private static String systemPrompt(FakeLlmServer.Received request) {
        return FakeLlmServer.systemPrompt(request);
    }

    @Test
    void relevantMemoriesAreInjectedAndExchangesRemembered() {
        Api admin = admin();
        String provider = Fixtures.provider(admin, "openai", llm.url() + "/v1");
        long agentId = Fixtures.agent(admin, Fixtures.unique("Rememberer"), provider, "gpt-test", Map.of());
        admin.post("/memories/agents/" + agentId + "/remember", Map.of("content", "The project codename is Bluebird"));
        admin.post("/memories/agents/" + agentId + "/remember", Map.of("content", "The espresso machine is broken"));
        llm.then(FakeLlmServer.Reply.text("It is called Bluebird."));

        Api.Response chat = admin.post("/agents/" + agentId + "/chat", Map.of("message", "What is our project called?"));
        String prompt = systemPrompt(llm.last());
        await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                admin.get("/memories/agents/" + agentId + "?memory_type=context").json().get("total").asLong() == 1);
        JsonNode remembered = admin.get("/memories/agents/" + agentId + "?memory_type=context").json();

        assertThat(chat.status()).as(chat.toString()).isEqualTo(200);
        assertThat(prompt).contains("The project codename is Bluebird").doesNotContain("espresso");
        assertThat(remembered.get("total").asLong()).isEqualTo(1);
        JsonNode exchange = remembered.get("memories").get(0);
        assertThat(exchange.get("value").asString()).isEqualTo("User: What is our project called?\nAssistant: It is called Bluebird.");
        assertThat(exchange.get("tags").toString()).isEqualTo("[\"chat\"]");

        Api.Response withoutMemories = admin.post("/agents/" + agentId + "/chat",
                Map.of("message", "What is our project called?", "include_memories", false));
        assertThat(withoutMemories.status()).isEqualTo(200);
        assertThat(systemPrompt(llm.last())).doesNotContain("Bluebird");
    }

    @Test
    void anAgentWithoutAutoRememberRemembersNothing() {
        Api admin = admin();
        String provider = Fixtures.provider(admin, "openai", llm.url() + "/v1");
        long agentId = Fixtures.agent(admin, Fixtures.unique("Forgetful"), provider, "gpt-test", Map.of("auto_remember", false));

        assertThat(admin.post("/agents/" + agentId + "/chat", Map.of("message", "Remember that I like tea")).status()).isEqualTo(200);

        // nothing appears, for long enough that a background write would have shown
        await().during(java.time.Duration.ofMillis(700)).atMost(java.time.Duration.ofSeconds(3)).until(() ->
                admin.get("/memories/agents/" + agentId + "/stats").json().get("total_memories").asLong() == 0);
    }
}
