package dev.gathering.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.gathering.support.Api;
import dev.gathering.support.FakeLlmServer;
import dev.gathering.support.FakeLlmServer.Reply;
import dev.gathering.support.FakeLlmServer.ToolCall;
import dev.gathering.support.Fixtures;
import dev.gathering.support.IntegrationTest;
import dev.gathering.support.TestDatabases;
import dev.gathering.support.TestHomes;
import dev.gathering.support.TestMcpServer;
import dev.gathering.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every instance on a database runs its plugins: one loaded on one instance is connected by the other at once, and a
 * loaded plugin, its sealed configuration and the agents' switches survive a restart.
 */
class PluginRestartTest {

    @RegisterExtension
    static final FakeLlmServer llm = new FakeLlmServer();

    @Test
    void aPluginRunsOnEveryInstanceAndIsReconnectedWithItsConfigurationAfterARestart() {
        String database = TestDatabases.create();
        Path home = TestHomes.create();
        long agent;
        try (TestServer first = TestServer.on(database).set("gathering.home", home.toString()).start();
             TestServer other = TestServer.on(database).set("gathering.home", home.toString()).start()) {
            Api admin = first.api().login(IntegrationTest.ADMIN_EMAIL, IntegrationTest.ADMIN_PASSWORD);
            Api otherAdmin = other.api().login(IntegrationTest.ADMIN_EMAIL, IntegrationTest.ADMIN_PASSWORD);
            Api.Response loaded = admin.post("/plugins/load", Map.of("plugin_id", "survivor", "config", Map.of(
                    "command", TestMcpServer.command(), "env", Map.of("TEST_SECRET", "kept-across-restarts"))));
            assertThat(loaded.status()).as(loaded.toString()).isEqualTo(200);
            String provider = Fixtures.provider(admin, "openai", llm.url() + "/v1");
            agent = Fixtures.agent(admin, "Persistent", provider, "gpt-test", Map.of());
            Fixtures.enableSkills(admin, agent, "plugin:survivor");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(otherAdmin.get("/plugins/survivor/health").json().path("details").path("server_name").asString(""))
                            .isEqualTo("test-mcp"));
        }

        try (TestServer second = TestServer.on(database).set("gathering.home", home.toString()).start()) {
            Api admin = second.api().login(IntegrationTest.ADMIN_EMAIL, IntegrationTest.ADMIN_PASSWORD);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(admin.get("/plugins/survivor").json().get("status").asString()).isEqualTo("enabled"));
            llm.then(Reply.tools(new ToolCall("c1", "whoami", "{}")), Reply.text("ok"));

            var chat = admin.post("/agents/" + agent + "/chat", Map.of("message", "who are you")).json();

            assertThat(chat.get("tool_results").get(0).get("result").asString()).contains(" kept-across-restarts ");
            assertThat(admin.get("/tools/agents/" + agent + "/enabled").json().get("enabled_skills").toString())
                    .contains("plugin:survivor");
        }
    }
}
