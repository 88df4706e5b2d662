package dev.gathering.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

import dev.gathering.support.Api;
import dev.gathering.support.FakeLlmServer;
import dev.gathering.support.FakeLlmServer.Reply;
import dev.gathering.support.FakeLlmServer.ToolCall;
import dev.gathering.support.Fixtures;
import dev.gathering.support.IntegrationTest;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** GatheRing's own MCP server, called with the SDK's client as any MCP client would. */
class McpServerTest extends IntegrationTest {

    @RegisterExtension
    static final FakeLlmServer llm = new FakeLlmServer();

    Api admin;
    long agent;

    @BeforeEach
    void setUp() {
        admin = admin();
        String provider = Fixtures.provider(admin, "openai", llm.url() + "/v1");
        agent = Fixtures.agent(admin, "Remote", provider, "gpt-test", Map.of());
    }

    private McpSyncClient client(String token) {
        String ip = Api.randomClientIp();
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder("http://localhost:" + port)
                .endpoint("/mcp")
                .httpRequestCustomizer((request, method, uri, body, context) -> {
                    request.header("X-Forwarded-For", ip);
                    if (token != null) {
                        request.header("Authorization", "Bearer " + token);
                    }
                })
                .build();
        return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).initializationTimeout(Duration.ofSeconds(30)).build();
    }

    private static JsonNode json(McpSchema.CallToolResult result) {
        return Api.JSON.readTree(((McpSchema.TextContent) result.content().getFirst()).text());
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().getFirst()).text();
    }

    @Test
    void anMcpClientListsTheToolsAndChatsWithAnAgent() {
        llm.then(Reply.text("Hello over MCP"));
        try (McpSyncClient client = client(admin.token())) {
            McpSchema.InitializeResult initialized = client.initialize();
            assertThat(initialized.serverInfo().name()).isEqualTo("gathering");
            assertThat(client.listTools().tools().stream().map(McpSchema.Tool::name).toList()).containsExactlyInAnyOrder(
                    "list_agents", "chat_with_agent", "create_circle_task", "get_task", "search_knowledge", "recall_memories");

            McpSchema.CallToolResult answer = client.callTool(new McpSchema.CallToolRequest("chat_with_agent",
                    Map.of("agent_id", agent, "message", "Hi from an IDE")));

            assertThat(answer.isError()).isFalse();
            JsonNode chat = json(answer);
            assertThat(chat.get("content").asString()).isEqualTo("Hello over MCP");
            assertThat(chat.get("agent_name").asString()).isEqualTo("Remote");
            assertThat(FakeLlmServer.lastUserText(llm.last())).isEqualTo("Hi from an IDE");
            JsonNode agents = json(client.callTool(new McpSchema.CallToolRequest("list_agents", Map.of("limit", 500))));
            assertThat(agents.get("agents").findValuesAsString("name")).contains("Remote");
        }
        assertThat(admin.get("/agents/" + agent + "/history").json().get("messages").get(0).get("content").asString())
                .isEqualTo("Hi from an IDE");
    }

    @Test
    void circleTasksKnowledgeAndMemoriesAreReachable() {
        String circle = Fixtures.unique("mcp-circle");
        admin.post("/circles", Map.of("name", circle, "auto_route", false));
        admin.post("/circles/" + circle + "/agents", Map.of("agent_id", agent));
        admin.post("/circles/" + circle + "/start");
        admin.post("/memories/knowledge", Map.of("title", "Runbook", "content", "Restart the broker before the workers.",
                "is_global", true));
        try (McpSyncClient client = client(admin.token())) {
            client.initialize();
            McpSchema.CallToolResult created = client.callTool(new McpSchema.CallToolRequest("create_circle_task",
                    Map.of("circle", circle, "title", "Review the runbook")));
            assertThat(created.isError()).as(text(created)).isFalse();
            long taskId = json(created).get("id").asLong();

            JsonNode task = json(client.callTool(new McpSchema.CallToolRequest("get_task", Map.of("task_id", taskId))));
            assertThat(task.get("title").asString()).isEqualTo("Review the runbook");
            assertThat(task.get("status").asString()).isEqualTo("pending");
            JsonNode found = json(client.callTool(new McpSchema.CallToolRequest("search_knowledge", Map.of("query", "broker workers restart"))));
            assertThat(found.get("results").findValuesAsString("title")).contains("Runbook");
            JsonNode memories = json(client.callTool(new McpSchema.CallToolRequest("recall_memories",
                    Map.of("agent_id", agent, "query", "anything"))));
            assertThat(memories.get("memories").isArray()).isTrue();

            McpSchema.CallToolResult unknown = client.callTool(new McpSchema.CallToolRequest("recall_memories",
                    Map.of("agent_id", 999999, "query", "x")));
            assertThat(unknown.isError()).isTrue();
            assertThat(text(unknown)).contains("Agent 999999 not found");
            McpSchema.CallToolResult missing = client.callTool(new McpSchema.CallToolRequest("get_task", Map.of("task_id", 999999)));
            assertThat(missing.isError()).isTrue();
            assertThat(text(missing)).contains("Task 999999 not found");
        }
    }

    @Test
    void theEndpointNeedsATokenAndIsRateLimited() {
        try (McpSyncClient anonymous = client(null)) {
            assertThatThrownBy(anonymous::initialize).isInstanceOf(RuntimeException.class);
        }
        Api.Response refused = api.send(api.request("/mcp").header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.contentType()).startsWith("application/problem+json");

        Api.Response ping = admin.send(admin.request("/mcp").header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")));
        assertThat(ping.status()).as(ping.toString()).isEqualTo(200);
        assertThat(ping.header("X-RateLimit-Limit")).isEqualTo("30");
        int remaining = Integer.parseInt(ping.header("X-RateLimit-Remaining"));
        for (int i = 0; i <= remaining; i++) {
            admin.send(admin.request("/mcp").header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")));
        }
        Api.Response limited = admin.send(admin.request("/mcp").header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isNotNull();
    }

    @Test
    void gatheringItselfLoadsAsAPluginOverStreamableHttp() {
        String plugin = Fixtures.unique("self").toLowerCase();
        Api.Response loaded = admin.post("/plugins/load", Map.of("plugin_id", plugin, "config", Map.of(
                "url", "http://127.0.0.1:" + port + "/mcp", "headers", Map.of("Authorization", "Bearer " + admin.token(),
                        "X-Forwarded-For", Api.randomClientIp()))));
        try {
            assertThat(loaded.status()).as(loaded.toString()).isEqualTo(200);
            assertThat(admin.get("/plugins/" + plugin).json().get("kind").asString()).isEqualTo("mcp_http");
            assertThat(admin.get("/plugins/" + plugin).json().get("config").get("headers").get("Authorization").asString())
                    .startsWith("****");
            Fixtures.enableSkills(admin, agent, "plugin:" + plugin);
            llm.then(Reply.tools(new ToolCall("c1", "list_agents", "{\"limit\": 500}")), Reply.text("I see my team"));

            JsonNode chat = admin.post("/agents/" + agent + "/chat", Map.of("message", "who is on the team?")).json();

            assertThat(chat.get("tool_results").get(0).get("result").asString()).contains("\"name\":\"Remote\"");
        } finally {
            admin.post("/plugins/" + plugin + "/unload");
        }
    }

    @Test
    void getIsNotAStream() {
        Api.Response get = admin.send(admin.request("/mcp").GET());
        assertThat(get.status()).isEqualTo(405);
    }
}
