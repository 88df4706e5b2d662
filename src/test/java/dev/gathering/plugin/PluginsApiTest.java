package dev.gathering.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.gathering.support.Api;
import dev.gathering.support.FakeLlmServer;
import dev.gathering.support.FakeLlmServer.Reply;
import dev.gathering.support.FakeLlmServer.ToolCall;
import dev.gathering.support.Fixtures;
import dev.gathering.support.IntegrationTest;
import dev.gathering.support.LocalWebServer;
import dev.gathering.support.TestMcpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Plugins: an MCP server started as a child process (written with the SDK's server API), and declared HTTP tools. */
class PluginsApiTest extends IntegrationTest {

    @RegisterExtension
    static final FakeLlmServer llm = new FakeLlmServer();

    @RegisterExtension
    static final LocalWebServer web = new LocalWebServer();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PluginRoots roots;

    Api admin;
    long agent;
    String plugin;

    @BeforeEach
    void setUp() {
        admin = admin();
        String provider = Fixtures.provider(admin, "openai", llm.url() + "/v1");
        agent = Fixtures.agent(admin, "Plugged", provider, "gpt-test", Map.of());
        plugin = Fixtures.unique("mcp").toLowerCase();
    }

    @AfterEach
    void unload() {
        admin.post("/plugins/" + plugin + "/unload");
    }

    private Api.Response loadTestServer() {
        return admin.post("/plugins/load", Map.of("plugin_id", plugin, "config", Map.of("command", TestMcpServer.command(),
                "env", Map.of("TEST_SECRET", "s3cret-value-1234"), "name", "Test MCP", "description", "tools for tests")));
    }

    private JsonNode chat(ToolCall... calls) {
        llm.then(Reply.tools(calls), Reply.text("done"));
        Api.Response response = admin.post("/agents/" + agent + "/chat", Map.of("message", "use the plugin"));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("tool_results");
    }

    @Test
    void anMcpServerLoadsAsASkillWhoseToolsAnAgentCalls() {
        Api.Response loaded = loadTestServer();
        assertThat(loaded.status()).as(loaded.toString()).isEqualTo(200);
        assertThat(loaded.json().get("success").asBoolean()).isTrue();
        assertThat(loaded.json().get("message").asString()).contains("plugin:" + plugin);

        JsonNode info = admin.get("/plugins/" + plugin).json();
        assertThat(info.get("status").asString()).isEqualTo("enabled");
        assertThat(info.get("name").asString()).isEqualTo("Test MCP");
        assertThat(info.get("tools_count").asInt()).isEqualTo(5);
        assertThat(info.get("config").get("env").get("TEST_SECRET").asString()).isEqualTo("****1234");
        assertThat(admin.get("/plugins/" + plugin + "/tools").json().findValuesAsString("name"))
                .containsExactlyInAnyOrder("echo", "add", "whoami", "fail", "grow");
        JsonNode health = admin.get("/plugins/" + plugin + "/health").json();
        assertThat(health.get("healthy").asBoolean()).isTrue();
        assertThat(health.get("details").get("server_name").asString()).isEqualTo("test-mcp");
        assertThat(admin.get("/tools/skills").json().findValuesAsString("name")).contains("plugin:" + plugin);

        Fixtures.enableSkills(admin, agent, "plugin:" + plugin);
        JsonNode results = chat(new ToolCall("c1", "add", "{\"a\": 2, \"b\": 40}"),
                new ToolCall("c2", "add", "{\"a\": \"two\", \"b\": 40}"),
                new ToolCall("c3", "echo", "{\"text\": \"hi\"}"),
                new ToolCall("c4", "fail", "{}"),
                new ToolCall("c5", "whoami", "{}"));

        assertThat(llm.received().getFirst().body().get("tools").findValuesAsString("name")).contains("add", "echo");
        assertThat(results.get(0).get("result").asString()).isEqualTo("{\"sum\":42}");
        assertThat(results.get(1).get("result").asString()).contains("Invalid parameters for tool 'add'").contains("(at a)");
        assertThat(results.get(2).get("result").asString()).isEqualTo("echo: hi");
        assertThat(results.get(3).get("success").asBoolean()).isFalse();
        assertThat(results.get(3).get("result").asString()).contains("the test server refuses");
        assertThat(results.get(4).get("result").asString()).contains(" s3cret-value-1234 home=null");
    }

    @Test
    void theSecretsAreSealedInTheDatabase() {
        assertThat(loadTestServer().status()).isEqualTo(200);
        String sealed = jdbc.sql("SELECT config_sealed || public_config::text FROM plugin.plugins WHERE id = ?").param(plugin)
                .query(String.class).single();
        assertThat(sealed).doesNotContain("s3cret-value-1234").contains("****1234");
    }

    @Test
    void aPluginWhoseProcessDiesIsReportedAndReconnected() {
        assertThat(loadTestServer().status()).isEqualTo(200);
        Fixtures.enableSkills(admin, agent, "plugin:" + plugin);
        long pid = Long.parseLong(chat(new ToolCall("c1", "whoami", "{}")).get(0).get("result").asString().split(" ")[0]);

        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(admin.get("/plugins/" + plugin + "/health").json().get("status").asString()).isEqualTo("error"));
        JsonNode down = admin.get("/plugins/" + plugin + "/health").json();
        assertThat(down.get("error").asString()).contains("exited");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(admin.get("/plugins/" + plugin + "/health").json().get("status").asString()).isEqualTo("enabled"));
        long again = Long.parseLong(chat(new ToolCall("c2", "whoami", "{}")).get(0).get("result").asString().split(" ")[0]);
        assertThat(again).isNotEqualTo(pid);
        assertThat(admin.get("/plugins/health/all").json().get(plugin).get("details").get("failures").asInt()).isZero();
    }

    @Test
    void aToolListChangeRefreshesTheSkill() {
        assertThat(loadTestServer().status()).isEqualTo(200);
        Fixtures.enableSkills(admin, agent, "plugin:" + plugin);

        assertThat(chat(new ToolCall("c1", "grow", "{}")).get(0).get("result").asString()).isEqualTo("grown");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(admin.get("/plugins/" + plugin + "/tools").json().findValuesAsString("name")).contains("shout"));
        assertThat(chat(new ToolCall("c2", "shout", "{\"text\": \"hey\"}")).get(0).get("result").asString()).isEqualTo("HEY");
    }

    @Test
    void disablingWithdrawsTheToolsAndUnloadingForgetsThePlugin() {
        assertThat(loadTestServer().status()).isEqualTo(200);
        Fixtures.enableSkills(admin, agent, "plugin:" + plugin);

        assertThat(admin.post("/plugins/" + plugin + "/disable").json().get("success").asBoolean()).isTrue();
        assertThat(admin.get("/plugins/" + plugin).json().get("status").asString()).isEqualTo("disabled");
        assertThat(chat(new ToolCall("c1", "echo", "{\"text\": \"x\"}")).get(0).get("result").asString()).contains("Unknown tool");
        assertThat(admin.get("/tools/skills").json().findValuesAsString("name")).doesNotContain("plugin:" + plugin);

        assertThat(admin.post("/plugins/" + plugin + "/enable").json().get("success").asBoolean()).isTrue();
        assertThat(chat(new ToolCall("c2", "echo", "{\"text\": \"back\"}")).get(0).get("result").asString()).isEqualTo("echo: back");

        assertThat(admin.post("/plugins/" + plugin + "/unload").json().get("success").asBoolean()).isTrue();
        assertThat(admin.get("/plugins/" + plugin).status()).isEqualTo(404);
        assertThat(admin.get("/tools/skills/plugin:" + plugin).status()).isEqualTo(404);
    }

    @Test
    void aServerThatCannotStartIsRefusedWithItsReason() {
        Api.Response refused = admin.post("/plugins/load", Map.of("plugin_id", plugin,
                "config", Map.of("command", List.of("/nonexistent/mcp-server"))));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("detail").asString()).contains("/nonexistent/mcp-server does not exist");
        Api.Response crashing = admin.post("/plugins/load", Map.of("plugin_id", plugin,
                "config", Map.of("command", List.of("/bin/false"))));
        assertThat(crashing.status()).isEqualTo(502);
        assertThat(crashing.json().get("detail").asString()).contains("could not be loaded");
        assertThat(admin.get("/plugins/" + plugin).status()).isEqualTo(404);

        assertThat(admin.post("/plugins/load", Map.of("plugin_id", "Bad Id!", "config", Map.of("url", "http://x"))).status())
                .isEqualTo(400);
        assertThat(admin.post("/plugins/load", Map.of("plugin_id", plugin, "config", Map.of("command", "not-a-list"))).status())
                .isEqualTo(400);
        Api.Response internal = admin.post("/plugins/load", Map.of("plugin_id", plugin, "config", Map.of("url", "http://169.254.169.254/mcp")));
        assertThat(internal.status()).isEqualTo(400);
        assertThat(internal.json().get("detail").asString()).contains("Refused to connect");
    }

    @Test
    void onlyAnAdminLoadsAPluginThatRunsACommand() {
        String email = Fixtures.unique("plugger") + "@example.com";
        api.post("/auth/register", Map.of("email", email, "password", "correct-horse", "name", "P"));
        Api member = api.login(email, "correct-horse");

        Api.Response refused = member.post("/plugins/load", Map.of("plugin_id", plugin,
                "config", Map.of("command", TestMcpServer.command())));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asString()).contains("admin");
    }

    @Test
    void declaredHttpPluginsRunNoCodeAndCallTheirUrls() {
        Api.Response code = admin.post("/plugins/dynamic", Map.of("plugin_id", plugin, "name", "Evil", "description", "x",
                "tools", List.of(Map.of("name", "pwn", "description", "runs python", "code", "import os"))));
        assertThat(code.status()).isEqualTo(400);
        assertThat(code.json().get("detail").asString()).contains("do not run code");

        web.page("/weather/Oslo", "application/json", "{\"celsius\": 4}");
        Api.Response declared = admin.post("/plugins/dynamic", Map.of("plugin_id", plugin, "name", "Weather API",
                "description", "weather over HTTP", "config", Map.of("headers", Map.of("X-Api-Key", "k-123456")),
                "tools", List.of(Map.of("name", "city_weather", "description", "Weather of a city", "method", "GET",
                        "url", web.url("/weather/{city}"), "parameters", Map.of("type", "object",
                                "properties", Map.of("city", Map.of("type", "string"), "units", Map.of("type", "string")),
                                "required", List.of("city"))))));
        assertThat(declared.status()).as(declared.toString()).isEqualTo(200);
        assertThat(declared.json().get("status").asString()).isEqualTo("enabled");
        assertThat(declared.json().get("kind").asString()).isEqualTo("http");

        Fixtures.enableSkills(admin, agent, "plugin:" + plugin);
        JsonNode results = chat(new ToolCall("c1", "city_weather", "{\"city\": \"Oslo\", \"units\": \"metric\"}"),
                new ToolCall("c2", "city_weather", "{}"));
        assertThat(results.get(0).get("result").asString()).isEqualTo("{\"status\":200,\"json\":{\"celsius\":4}}");
        assertThat(web.requests()).containsExactly("GET /weather/Oslo?units=metric");
        assertThat(results.get(1).get("result").asString()).contains("Invalid parameters for tool 'city_weather'");
    }

    @Test
    void manifestsAreDiscoveredUnderThePluginRootsAndSavedThere() throws Exception {
        Path root = roots.roots().getFirst().resolve(Fixtures.unique("found"));
        Files.createDirectories(root.resolve("nested"));
        String id = plugin + "-disc";
        Files.writeString(root.resolve("nested/plugin.json"), Api.JSON.writeValueAsString(Map.of("id", id,
                "name", "Discovered", "version", "2.0.0", "config", Map.of("command", TestMcpServer.command()))));
        Files.writeString(root.resolve("broken.json"), "{not json");

        JsonNode found = admin.post("/plugins/discover", Map.of("directory", root.toString())).json();
        assertThat(found.get("total").asInt()).isEqualTo(1);
        assertThat(found.get("discovered").get(0).get("plugin_id").asString()).isEqualTo(id);
        assertThat(found.get("skipped").get(0).get("path").asString()).endsWith("broken.json");
        assertThat(admin.get("/plugins/available").json().toString()).contains(id);
        JsonNode listed = admin.get("/plugins").json();
        assertThat(listed.get("plugins").valueStream().filter(p -> p.get("id").asString().equals(id))
                .findFirst().orElseThrow().get("status").asString()).isEqualTo("available");

        try {
            Api.Response loaded = admin.post("/plugins/load", Map.of("plugin_id", id));
            assertThat(loaded.status()).as(loaded.toString()).isEqualTo(200);
            assertThat(admin.get("/plugins/" + id).json().get("version").asString()).isEqualTo("2.0.0");

            Api.Response saved = admin.post("/plugins/" + id + "/save", Map.of("output_path", root.resolve("saved.json").toString()));
            assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
            assertThat(Files.readString(root.resolve("saved.json"))).contains("\"id\" : \"" + id + "\"");
        } finally {
            admin.post("/plugins/" + id + "/unload");
        }

        Api.Response outside = admin.post("/plugins/discover", Map.of("directory", "/etc"));
        assertThat(outside.status()).isEqualTo(403);
        assertThat(outside.json().get("detail").asString()).contains("outside the plugin directories");
        assertThat(admin.post("/plugins/discover", Map.of("directory", root.resolve("../../../..").toString())).status())
                .isEqualTo(403);
    }

    @Test
    void statsCountPluginsAndTheirTools() {
        assertThat(loadTestServer().status()).isEqualTo(200);
        JsonNode stats = admin.get("/plugins/stats").json();
        assertThat(stats.get("loaded_plugins").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(stats.get("total_tools_from_plugins").asInt()).isGreaterThanOrEqualTo(5);
        assertThat(stats.get("plugins_by_status").get("enabled").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(admin.get("/plugins/nope").status()).isEqualTo(404);
    }
}
