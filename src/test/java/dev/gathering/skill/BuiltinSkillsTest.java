package dev.gathering.skill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import dev.gathering.support.TestPdfs;
import dev.gathering.support.TestSse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** The built-in skills, each called by the in-test model through a chat. */
class BuiltinSkillsTest extends IntegrationTest {

    @RegisterExtension
    static final FakeLlmServer llm = new FakeLlmServer();

    @RegisterExtension
    static final LocalWebServer web = new LocalWebServer();

    Api admin;
    long agent;

    @BeforeEach
    void setUp() {
        admin = admin();
        String provider = Fixtures.provider(admin, "openai", llm.url() + "/v1");
        agent = Fixtures.agent(admin, "Tooly", provider, "gpt-test", Map.of());
    }

    private JsonNode chat(String message, ToolCall... calls) {
        llm.then(Reply.tools(calls), Reply.text("done"));
        Api.Response response = admin.post("/agents/" + agent + "/chat", Map.of("message", message));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private String result(JsonNode chat, int index) {
        return chat.get("tool_results").get(index).get("result").asString();
    }

    @Test
    void theCatalogueListsTheBuiltInSkillsWithTheirPermissions() {
        JsonNode skills = admin.get("/tools/skills").json();
        List<String> names = skills.valueStream().map(s -> s.get("name").asString()).toList();
        assertThat(names).contains("calculator", "http", "web", "pdf", "memory", "knowledge", "circle", "shell", "code",
                "filesystem", "git");
        JsonNode shell = skills.valueStream().filter(s -> s.get("name").asString().equals("shell")).findFirst().orElseThrow();
        assertThat(shell.get("is_dangerous").asBoolean()).isTrue();
        assertThat(shell.get("required_permissions").toString()).isEqualTo("[\"execute\"]");
        JsonNode http = skills.valueStream().filter(s -> s.get("name").asString().equals("http")).findFirst().orElseThrow();
        assertThat(http.get("tools_count").asInt()).isEqualTo(7);
        assertThat(admin.get("/tools/skills?category=network").json().valueStream().map(s -> s.get("name").asString()))
                .contains("http", "web").doesNotContain("calculator");
        assertThat(admin.get("/tools/skills/categories").json().get("utility").asInt()).isGreaterThanOrEqualTo(1);
        JsonNode detail = admin.get("/tools/skills/calculator").json();
        assertThat(detail.get("tools").get(0).get("input_schema").get("required").toString()).isEqualTo("[\"expression\"]");
        assertThat(admin.get("/tools/skills/nope").status()).isEqualTo(404);
    }

    @Test
    void anAgentWithCalculatorAndHttpAnswersThroughThemAndTheUsageAndEventsShowIt() {
        Fixtures.enableSkills(admin, agent, "calculator", "http");
        web.page("/price", "application/json", "{\"eur\": 12.5}");

        try (TestSse stream = TestSse.open(admin, "/events/stream?topics=agent.tool.executed")) {
            assertThat(stream.next().type()).isEqualTo("connected");
            JsonNode body = chat("What do 3 items at the price cost?",
                    new ToolCall("c1", "http_get", "{\"url\": \"" + web.url("/price") + "\"}"),
                    new ToolCall("c2", "calculate", "{\"expression\": \"3 * 12.5\"}"));

            assertThat(llm.received().getFirst().body().get("tools").findValuesAsString("name"))
                    .contains("calculate", "http_get", "http_post", "parse_json", "build_url").doesNotContain("get_weather");
            assertThat(body.get("tool_calls").findValuesAsString("name")).containsExactly("http_get", "calculate");
            assertThat(result(body, 0)).contains("\"status\":200").contains("\"eur\":12.5");
            assertThat(result(body, 1)).isEqualTo("{\"expression\":\"3 * 12.5\",\"result\":37.5}");
            TestSse.Message event = stream.next(m -> m.type().equals("agent.tool.executed")
                    && m.data().path("data").path("tool_name").asString().equals("calculate"), Duration.ofSeconds(5));
            assertThat(event.data().path("data").path("success").asBoolean()).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode matrix = admin.get("/tools/agents/" + agent).json();
            assertThat(row(matrix, "calculator").get("usage_count").asLong()).isEqualTo(1);
            assertThat(row(matrix, "http").get("usage_count").asLong()).isEqualTo(1);
        });
    }

    @Test
    void theHttpToolRefusesInternalAddressesAndRedirectsToThem() {
        Fixtures.enableSkills(admin, agent, "http");
        web.redirect("/hop", "http://169.254.169.254/latest/meta-data/");

        JsonNode body = chat("fetch",
                new ToolCall("c1", "http_get", "{\"url\": \"http://169.254.169.254/latest/meta-data/\"}"),
                new ToolCall("c2", "http_get", "{\"url\": \"http://10.0.0.7:8080/admin\"}"),
                new ToolCall("c3", "http_get", "{\"url\": \"http://[::1]:5432/\"}"),
                new ToolCall("c4", "http_get", "{\"url\": \"" + web.url("/hop") + "\"}"),
                new ToolCall("c5", "http_get", "{\"url\": \"file:///etc/passwd\"}"));

        for (int i = 0; i < 4; i++) {
            assertThat(result(body, i)).contains("Refused to connect").contains("GATHERING_HTTP_ALLOWED_HOSTS");
            assertThat(body.get("tool_results").get(i).get("success").asBoolean()).isFalse();
        }
        assertThat(result(body, 4)).contains("Only http and https URLs");
        assertThat(web.requests()).containsExactly("GET /hop");
    }

    @Test
    void aSkillIsNotOfferedToAnAgentLackingItsPermissionsAndItsToolsRefuse() {
        Fixtures.enableSkills(admin, agent, "http", "calculator");
        Api.Response revoked = admin.put("/tools/agents/" + agent + "/permissions", Map.of("permissions", List.of("read")));
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);

        JsonNode body = chat("fetch", new ToolCall("c1", "http_get", "{\"url\": \"" + web.url("/x") + "\"}"));

        assertThat(llm.received().getFirst().body().get("tools").findValuesAsString("name"))
                .contains("calculate").doesNotContain("http_get");
        assertThat(result(body, 0)).contains("needs the permission(s) network, which agent " + agent + " does not hold");
        JsonNode http = row(admin.get("/tools/agents/" + agent).json(), "http");
        assertThat(http.get("is_enabled").asBoolean()).isTrue();
        assertThat(http.get("offered").asBoolean()).isFalse();
        assertThat(http.get("missing_permissions").toString()).isEqualTo("[\"network\"]");
        assertThat(web.requests()).isEmpty();
        assertThat(admin.put("/tools/agents/" + agent + "/permissions", Map.of("permissions", List.of("fly"))).status())
                .isEqualTo(400);
    }

    @Test
    void dangerousSkillsAreOffForEveryAgentAndCannotBeEnabledWhileExecutionIsOff() {
        JsonNode matrix = admin.get("/tools/agents/" + agent).json();
        assertThat(row(matrix, "shell").get("is_enabled").asBoolean()).isFalse();
        assertThat(row(matrix, "code").get("is_enabled").asBoolean()).isFalse();

        Api.Response refused = admin.patch("/tools/agents/" + agent + "/skills/shell", Map.of("is_enabled", true));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString()).contains("GATHERING_AGENT_EXEC");
        assertThat(admin.post("/agents/" + agent + "/skills/code").status()).isEqualTo(409);

        JsonNode all = admin.post("/tools/agents/" + agent + "/skills/enable-all").json();
        assertThat(all.get("enabled_count").asInt()).isGreaterThan(3);
        List<String> enabled = admin.get("/tools/agents/" + agent + "/enabled").json().get("enabled_skills")
                .valueStream().map(JsonNode::asString).toList();
        assertThat(enabled).contains("calculator", "http").doesNotContain("shell", "code");

        JsonNode body = chat("run", new ToolCall("c1", "shell_exec", "{\"command\": \"ls\"}"));
        assertThat(result(body, 0)).contains("not enabled for agent");
    }

    @Test
    void webPagesAreReadAsTextLinksAndMetadata() {
        Fixtures.enableSkills(admin, agent, "web");
        web.page("/article", "text/html; charset=utf-8", """
                <html lang="en"><head><title>Bees</title><meta name="description" content="All about bees">
                <meta property="og:type" content="article"></head>
                <body><h1>Bees</h1><p>Bees make honey.</p><a href="/hives">Hives</a> <a href="https://example.org/x">Out</a>
                <script>ignored()</script></body></html>""");

        JsonNode body = chat("read", new ToolCall("c1", "fetch_url", "{\"url\": \"" + web.url("/article") + "\"}"),
                new ToolCall("c2", "web_search", "{\"query\": \"bees\"}"));

        JsonNode page = Api.JSON.readTree(result(body, 0));
        assertThat(page.get("title").asString()).isEqualTo("Bees");
        assertThat(page.get("text").asString()).isEqualTo("Bees Bees make honey. Hives Out");
        assertThat(page.get("links").findValuesAsString("url")).containsExactly(web.url("/hives"), "https://example.org/x");
        assertThat(page.get("metadata").get("description").asString()).isEqualTo("All about bees");
        assertThat(page.get("metadata").get("open_graph").get("type").asString()).isEqualTo("article");
        assertThat(result(body, 1)).contains("GATHERING_WEB_SEARCH_API_KEY");
    }

    @Test
    void pdfsAreReadSearchedAndDescribed() {
        Fixtures.enableSkills(admin, agent, "pdf");
        web.page("/report.pdf", "application/pdf", TestPdfs.pdf("Quarterly report", "Revenue grew by nine percent.",
                "Costs fell on the second page."));

        JsonNode body = chat("read", new ToolCall("c1", "pdf_read", "{\"url\": \"" + web.url("/report.pdf") + "\"}"),
                new ToolCall("c2", "pdf_info", "{\"url\": \"" + web.url("/report.pdf") + "\"}"),
                new ToolCall("c3", "pdf_search", "{\"url\": \"" + web.url("/report.pdf") + "\", \"query\": \"costs\"}"));

        JsonNode read = Api.JSON.readTree(result(body, 0));
        assertThat(read.get("pages").asInt()).isEqualTo(2);
        assertThat(read.get("text").asString()).contains("Revenue grew by nine percent.").contains("Costs fell");
        assertThat(Api.JSON.readTree(result(body, 1)).get("title").asString()).isEqualTo("Quarterly report");
        JsonNode search = Api.JSON.readTree(result(body, 2));
        assertThat(search.get("count").asInt()).isEqualTo(1);
        assertThat(search.get("matches").get(0).get("page").asInt()).isEqualTo(2);
    }

    @Test
    void theCalculatorIsSafeAndBounded() {
        Fixtures.enableSkills(admin, agent, "calculator");

        JsonNode body = chat("compute",
                new ToolCall("c1", "calculate", "{\"expression\": \"2 ^ 10 + sqrt(16) - (3 % 2)\"}"),
                new ToolCall("c2", "calculate", "{\"expression\": \"1 / 0\"}"),
                new ToolCall("c3", "calculate", "{\"expression\": \"10 ^ 5000\"}"),
                new ToolCall("c4", "calculate", "{\"expression\": \"__import__('os').system('id')\"}"),
                new ToolCall("c5", "calculate", "{\"expression\": \"9 ** 9 ** 9\"}"));

        assertThat(result(body, 0)).contains("\"result\":1027");
        assertThat(result(body, 1)).contains("Division by zero");
        assertThat(result(body, 2)).contains("larger than 1000");
        assertThat(result(body, 3)).contains("Unexpected '_'");
        assertThat(result(body, 4)).contains("larger than");
    }

    @Test
    void memoryAndKnowledgeToolsGoThroughTheMemoryFeature() {
        Fixtures.enableSkills(admin, agent, "memory", "knowledge");
        Api.Response added = admin.post("/memories/knowledge", Map.of("title", "Deploy checklist",
                "content", "Run the migrations before switching traffic to the new release.", "is_global", true));
        assertThat(added.status()).as(added.toString()).isEqualTo(200);

        JsonNode body = chat("remember",
                new ToolCall("c1", "memory_remember", "{\"content\": \"The customer prefers green buttons\", \"memory_type\": \"preference\"}"),
                new ToolCall("c2", "knowledge_search", "{\"query\": \"migrations release\"}"));
        assertThat(result(body, 0)).contains("\"remembered\":true");
        assertThat(result(body, 1)).contains("Deploy checklist");

        JsonNode recall = chat("recall", new ToolCall("c3", "memory_recall", "{\"query\": \"which button colour does the customer like\"}"));
        assertThat(result(recall, 0)).contains("green buttons");
    }

    @Test
    void circleToolsCreateListAndClaimTasksAsTheAgent() {
        Fixtures.enableSkills(admin, agent, "circle");
        String circle = Fixtures.unique("tool-circle");
        assertThat(admin.post("/circles", Map.of("name", circle, "auto_route", false)).status()).isEqualTo(201);
        assertThat(admin.post("/circles/" + circle + "/agents", Map.of("agent_id", agent)).status()).isIn(200, 201);
        assertThat(admin.post("/circles/" + circle + "/start").status()).isEqualTo(200);

        JsonNode created = chat("plan", new ToolCall("c1", "circle_create_task",
                "{\"circle\": \"" + circle + "\", \"title\": \"Write the release notes\", \"priority\": \"high\"}"));
        JsonNode task = Api.JSON.readTree(result(created, 0));
        assertThat(task.get("title").asString()).isEqualTo("Write the release notes");
        assertThat(task.get("priority").asInt()).isEqualTo(3);
        long taskId = task.get("id").asLong();

        JsonNode claimed = chat("claim", new ToolCall("c2", "circle_claim_task",
                "{\"circle\": \"" + circle + "\", \"task_id\": " + taskId + "}"),
                new ToolCall("c3", "circle_list_tasks", "{\"circle\": \"" + circle + "\"}"));
        assertThat(Api.JSON.readTree(result(claimed, 0)).get("assigned_agent_id").asLong()).isEqualTo(agent);
        assertThat(result(claimed, 1)).contains("Write the release notes");
        assertThat(admin.get("/circles/" + circle + "/tasks/" + taskId).json().get("status").asString()).isEqualTo("in_progress");
    }

    @Test
    void onlyTheOwnerOrAnAdminChangesAnAgentsSkills() {
        String email = Fixtures.unique("member") + "@example.com";
        assertThat(api.post("/auth/register", Map.of("email", email, "password", "correct-horse", "name", "M")).status())
                .isEqualTo(201);
        Api member = api.login(email, "correct-horse");

        Api.Response refused = member.patch("/tools/agents/" + agent + "/skills/calculator", Map.of("is_enabled", true));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asString()).contains("agent " + agent);
        assertThat(member.get("/tools/agents/" + agent).status()).isEqualTo(200);
        assertThat(admin.get("/tools/agents/999999").status()).isEqualTo(404);
    }

    @Test
    void theAgentSkillRoutesKeepTheUpstreamShapes() {
        Api.Response put = admin.put("/agents/" + agent + "/skills", List.of("calculator", "web"));
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().get("configured_skills").toString()).isEqualTo("[\"calculator\",\"web\"]");
        assertThat(put.json().get("tools_count").asInt()).isEqualTo(5);
        assertThat(admin.put("/agents/" + agent + "/skills", List.of("nope")).status()).isEqualTo(400);

        JsonNode added = admin.post("/agents/" + agent + "/skills/pdf").json();
        assertThat(added.get("status").asString()).isEqualTo("added");
        assertThat(admin.post("/agents/" + agent + "/skills/pdf").json().get("status").asString()).isEqualTo("already_exists");
        assertThat(admin.delete("/agents/" + agent + "/skills/web").json().get("status").asString()).isEqualTo("removed");
        assertThat(admin.delete("/agents/" + agent + "/skills/web").json().get("status").asString()).isEqualTo("not_found");

        JsonNode skills = admin.get("/agents/" + agent + "/skills").json();
        assertThat(skills.get("configured_skills").toString()).isEqualTo("[\"calculator\",\"pdf\"]");
        assertThat(skills.get("loaded_skills").toString()).isEqualTo("[\"calculator\",\"pdf\"]");
        assertThat(skills.get("available_skills").findValuesAsString("")).isEmpty();
        assertThat(skills.get("skill_details").get(0).get("tools").toString()).isEqualTo("[\"calculate\"]");
        JsonNode detail = admin.get("/agents/" + agent).json();
        assertThat(detail.get("skills").toString()).isEqualTo("[\"calculator\",\"pdf\"]");
        assertThat(detail.get("tools_count").asInt()).isEqualTo(4);
    }

    static JsonNode row(JsonNode matrix, String skill) {
        return matrix.get("tools").valueStream().filter(r -> r.get("skill_name").asString().equals(skill)).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + skill + " in " + matrix));
    }
}
