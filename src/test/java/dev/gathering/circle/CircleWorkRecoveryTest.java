package dev.gathering.circle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.gathering.support.Api;
import dev.gathering.support.FakeLlmServer;
import dev.gathering.support.FakeLlmServer.Reply;
import dev.gathering.support.Fixtures;
import dev.gathering.support.IntegrationTest;
import dev.gathering.support.TestDatabases;
import dev.gathering.support.TestServer;
import org.junit.jupiter.api.Test;

/** Work in progress survives a restart: the next server resumes it. */
class CircleWorkRecoveryTest {

    @Test
    void workInterruptedByAShutdownIsResumedByTheNextServer() {
        String database = TestDatabases.create();
        String home = dev.gathering.support.TestHomes.create().toString();
        try (FakeLlmServer llm = new FakeLlmServer()) {
            llm.respond(request -> Reply.text("slow result").after(Duration.ofSeconds(30)));
            String circle;
            long task;
            try (TestServer first = TestServer.on(database).set("gathering.home", home)
                    .set("gathering.circles.stop-timeout", "300ms").start()) {
                Api admin = first.api().login(IntegrationTest.ADMIN_EMAIL, IntegrationTest.ADMIN_PASSWORD);
                String provider = Fixtures.provider(admin, "openai", llm.url() + "/v1");
                long dev = Fixtures.agent(admin, "Persistent", provider, "gpt-test", Map.of());
                circle = Fixtures.unique("durable");
                admin.post("/circles", Map.of("name", circle, "require_review", false));
                admin.post("/circles/" + circle + "/agents", Map.of("agent_id", dev, "competencies", List.of("go")));
                admin.post("/circles/" + circle + "/start");
                task = admin.post("/circles/" + circle + "/tasks", Map.of("title", "Survive", "required_competencies",
                        List.of("go"))).json().get("id").asLong();
                await().atMost(Duration.ofSeconds(10)).until(() -> llm.received().size() == 1);
                assertThat(admin.get("/circles/" + circle + "/tasks/" + task).json().get("status").asString())
                        .isEqualTo("in_progress");
            }

            llm.respond(request -> Reply.text("result after restart"));
            try (TestServer second = TestServer.on(database).set("gathering.home", home).start()) {
                Api admin = second.api().login(IntegrationTest.ADMIN_EMAIL, IntegrationTest.ADMIN_PASSWORD);
                String path = "/circles/" + circle + "/tasks/" + task;
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        admin.get(path).json().get("status").asString().equals("completed"));

                assertThat(admin.get(path).json().get("result").asString()).isEqualTo("result after restart");
                assertThat(admin.get("/circles/" + circle).json().get("status").asString()).isEqualTo("running");
            }
        }
    }
}
