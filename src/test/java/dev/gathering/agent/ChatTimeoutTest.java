package dev.gathering.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import dev.gathering.support.Api;
import dev.gathering.support.FakeLlmServer;
import dev.gathering.support.Fixtures;
import dev.gathering.support.IntegrationTest;
import dev.gathering.support.TestDatabases;
import dev.gathering.support.TestServer;
import org.junit.jupiter.api.Test;

class ChatTimeoutTest {

    @Test
    void aProviderThatDoesNotAnswerInTimeIs504AndFreesTheAgent() {
        try (FakeLlmServer llm = new FakeLlmServer();
             TestServer server = TestServer.on(TestDatabases.create()).set("gathering.llm.timeout", "1s").start()) {
            Api admin = server.api().login(IntegrationTest.ADMIN_EMAIL, IntegrationTest.ADMIN_PASSWORD);
            String provider = Fixtures.provider(admin, "openai", llm.url() + "/v1");
            long agent = Fixtures.agent(admin, "Patient", provider, "gpt-test", Map.of());
            llm.then(FakeLlmServer.Reply.text("too late").after(Duration.ofSeconds(4)));

            Api.Response response = admin.post("/agents/" + agent + "/chat", Map.of("message", "hurry"));

            assertThat(response.status()).isEqualTo(504);
            assertThat(response.json().get("detail").asString()).isEqualTo("Provider " + provider + " did not answer within 1 s");
            assertThat(llm.received()).hasSize(1);
            assertThat(admin.get("/agents/" + agent).json().get("status").asString()).isEqualTo("idle");
        }
    }
}
