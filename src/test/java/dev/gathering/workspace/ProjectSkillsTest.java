package dev.gathering.workspace;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.gathering.support.TestPdfs;
import dev.gathering.support.TestRepos;
import dev.gathering.support.TestSse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The {@code filesystem}, {@code git} and {@code pdf} skills on projects, called by the in-test model through chats:
 * an agent of a circle linked to a project works on that project's files through the workspace (its path rules,
 * its activity feed), and only for users who may change the project.
 */
class ProjectSkillsTest extends IntegrationTest {

    @RegisterExtension
    static final FakeLlmServer llm = new FakeLlmServer();

    @Autowired
    FolderPolicy folders;

    Api admin;
    long agent;
    Path folder;
    long project;

    @BeforeEach
    void setUp() {
        admin = admin();
        String provider = Fixtures.provider(admin, "openai", llm.url() + "/v1");
        agent = Fixtures.agent(admin, "Builder", provider, "gpt-test", Map.of());
        Fixtures.enableSkills(admin, agent, "filesystem", "git", "pdf");
        folder = TestRepos.create(folders.workspaceRoot().resolve(Fixtures.unique("repo")), Map.of(
                "README.md", "# Demo\n", "src/app.py", "def greet():\n    return 'hello'\n", ".gitignore", "*.log\n",
                "debug.log", "TODO: ignored because git ignores it\n"));
        project = register(admin, folder);
        long circle = circle(admin, agent);
        Api.Response linked = admin.post("/projects/" + project + "/circles/" + circle + "?is_primary=true");
        assertThat(linked.status()).as(linked.toString()).isEqualTo(201);
        // JGit's classes loaded before the first timed tool call
        assertThat(admin.get("/workspace/" + project + "/git/status").status()).isEqualTo(200);
    }

    long register(Api api, Path path) {
        Api.Response created = api.post("/projects", Map.of("name", path.getFileName().toString(), "path", path.toString()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    long circle(Api api, long member) {
        String name = Fixtures.unique("crew");
        Api.Response created = api.post("/circles", Map.of("name", name, "auto_route", false));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        Api.Response added = api.post("/circles/" + name + "/agents", Map.of("agent_id", member));
        assertThat(added.status()).as(added.toString()).isIn(200, 201);
        return created.json().get("circle_id").asLong();
    }

    JsonNode chat(Api who, ToolCall... calls) {
        return chatWith(who, agent, calls);
    }

    JsonNode chatWith(Api who, long agentId, ToolCall... calls) {
        llm.then(Reply.tools(calls), Reply.text("done"));
        Api.Response response = who.post("/agents/" + agentId + "/chat", Map.of("message", "work on the project"));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("tool_results").size()).isEqualTo(calls.length);
        return response.json();
    }

    static JsonNode result(JsonNode chat, int index) {
        return Api.JSON.readTree(chat.get("tool_results").get(index).get("result").asString());
    }

    static boolean succeeded(JsonNode chat, int index) {
        return chat.get("tool_results").get(index).get("success").asBoolean();
    }

    static ToolCall call(String id, String tool, String arguments) {
        return new ToolCall(id, tool, arguments);
    }

    @Test
    void anAgentOfALinkedCircleReadsWritesAndCommitsAndTheFeedShowsItsWork() {
        try (TestSse stream = TestSse.open(admin, "/events/stream?topics=workspace.activity")) {
            assertThat(stream.next().type()).isEqualTo("connected");

            JsonNode first = chat(admin,
                    call("c1", "fs_read", "{\"path\": \"src/app.py\"}"),
                    call("c2", "fs_write", "{\"path\": \"src/util.py\", \"content\": \"def add(a, b):\\n    return a + b\\n\"}"),
                    call("c3", "git_status", "{}"),
                    call("c4", "fs_tree", "{}"),
                    call("c5", "fs_search", "{\"query\": \"RETURN\"}"));

            assertThat(llm.received().getFirst().body().get("tools").findValuesAsString("name"))
                    .contains("fs_read", "fs_write", "fs_list", "fs_tree", "fs_search", "git_status", "git_commit")
                    .doesNotContain("fs_delete");
            JsonNode read = result(first, 0);
            assertThat(read.get("project_id").asLong()).isEqualTo(project);
            assertThat(read.get("content").asString()).isEqualTo("def greet():\n    return 'hello'\n");
            assertThat(read.get("language").asString()).isEqualTo("python");
            JsonNode written = result(first, 1);
            assertThat(succeeded(first, 1)).as(written.toString()).isTrue();
            assertThat(written.get("created").asBoolean()).isTrue();
            assertThat(written.get("path").asString()).isEqualTo("src/util.py");
            assertThat(result(first, 2).get("untracked").toString()).contains("src/util.py");
            assertThat(result(first, 3).get("paths").toString()).contains("\"src/\"", "\"src/app.py\"", "\"src/util.py\"",
                    "\"README.md\"").doesNotContain("debug.log", ".git/");
            JsonNode found = result(first, 4);
            assertThat(found.get("matches").findValuesAsString("path")).containsExactlyInAnyOrder("src/app.py", "src/util.py");
            assertThat(found.get("matches").get(0).get("line").asInt()).isEqualTo(2);

            TestSse.Message created = stream.next(Duration.ofSeconds(10));
            assertThat(created.data().get("data").get("activity_type").asString()).isEqualTo("file_created");
            assertThat(created.data().get("data").get("agent_id").asLong()).isEqualTo(agent);
            assertThat(created.data().get("project_id").asLong()).isEqualTo(project);

            assertThat(admin.get("/workspace/" + project + "/file?path=src/util.py").json().get("content").asString())
                    .isEqualTo("def add(a, b):\n    return a + b\n");
            assertThat(admin.get("/workspace/" + project + "/git/status").json().get("status").get("untracked").toString())
                    .contains("src/util.py");

            JsonNode second = chat(admin,
                    call("c6", "git_add", "{\"paths\": [\"src/util.py\"]}"),
                    call("c7", "git_commit", "{\"message\": \"Add the add helper\"}"),
                    call("c8", "git_log", "{\"limit\": 5}"),
                    call("c9", "git_diff", "{\"commit\": \"HEAD\"}"));

            assertThat(succeeded(second, 1)).as(second.toString()).isTrue();
            String hash = result(second, 1).get("commit").get("hash").asString();
            assertThat(result(second, 2).get("commits").get(0).get("hash").asString()).isEqualTo(hash);
            assertThat(result(second, 3).get("diff").asString()).contains("+def add(a, b):");
            TestSse.Message committed = stream.next(m -> m.data().path("data").path("activity_type").asString()
                    .equals("commit"), Duration.ofSeconds(10));
            assertThat(committed.data().get("data").get("details").get("hash").asString()).isEqualTo(hash);
            assertThat(committed.data().get("data").get("agent_id").asLong()).isEqualTo(agent);

            JsonNode log = admin.get("/workspace/" + project + "/git/commits").json();
            assertThat(log.get("commits").get(0).get("hash").asString()).isEqualTo(hash);
            assertThat(log.get("commits").get(0).get("subject").asString()).isEqualTo("Add the add helper");
            assertThat(log.get("commits").get(0).get("author_name").asString()).isEqualTo("Builder");
            assertThat(admin.get("/workspace/" + project + "/git/status").json().get("status").get("is_clean").asBoolean())
                    .isTrue();
        }

        JsonNode feed = admin.get("/workspace/" + project + "/activities?agent_id=" + agent).json();
        assertThat(feed.get("total").asLong()).isEqualTo(2);
        assertThat(feed.get("activities").findValuesAsString("activity_type")).containsExactly("commit", "file_created");
        assertThat(feed.get("activities").get(0).get("user_id").asString()).isEqualTo("admin");
        assertThat(admin.get("/workspace/" + project + "/activities/stats").json().get("by_agent").get(String.valueOf(agent))
                .asLong()).isEqualTo(2);
    }

    @Test
    void traversalAndEscapesComeBackToTheModelAsRefusalsAndNothingOutsideIsTouched() throws Exception {
        Path outside = folder.getParent().resolve(Fixtures.unique("secret") + ".txt");
        Files.writeString(outside, "the neighbour's secret\n");
        Files.createSymbolicLink(folder.resolve("escape"), outside.getParent());

        JsonNode body = chat(admin,
                call("c1", "fs_read", "{\"path\": \"../../etc/passwd\"}"),
                call("c2", "fs_read", "{\"path\": \"/etc/passwd\"}"),
                call("c3", "fs_read", "{\"path\": \"%2e%2e/%2e%2e/etc/passwd\"}"),
                call("c4", "fs_read", "{\"path\": \"escape/" + outside.getFileName() + "\"}"),
                call("c5", "fs_write", "{\"path\": \"../" + outside.getFileName() + "\", \"content\": \"overwritten\"}"),
                call("c6", "fs_list", "{\"path\": \"..\"}"),
                call("c7", "fs_search", "{\"query\": \"secret\", \"path\": \"../\"}"),
                call("c8", "fs_read", "{\"path\": \".git/config\"}"),
                call("c9", "pdf_read", "{\"path\": \"../../etc/passwd\"}"),
                call("c10", "git_add", "{\"paths\": [\"../outside.txt\"]}"));

        for (int i = 0; i < 10; i++) {
            String error = result(body, i).get("error").asString();
            assertThat(succeeded(body, i)).as(error).isFalse();
            assertThat(error).as("call %d", i + 1).containsAnyOf("Path traversal detected", "path outside project",
                    "symlink escape", ".git is changed through the git routes only");
            assertThat(error).doesNotContain("root:", "secret\n");
        }
        assertThat(Files.readString(outside)).isEqualTo("the neighbour's secret\n");
        JsonNode search = result(chat(admin, call("c11", "fs_search", "{\"query\": \"neighbour\"}")), 0);
        assertThat(search.get("matches").size()).as("links are not followed").isZero();
        assertThat(admin.get("/workspace/" + project + "/activities").json().get("total").asLong()).isZero();
    }

    @Test
    void aMemberWhoDoesNotOwnTheProjectCanMakeTheAgentReadButNotChangeIt() {
        String email = Fixtures.unique("member") + "@example.com";
        assertThat(api.post("/auth/register", Map.of("email", email, "password", "correct-horse", "name", "M")).status())
                .isEqualTo(201);
        Api member = api.login(email, "correct-horse");

        JsonNode body = chat(member,
                call("c1", "fs_read", "{\"path\": \"README.md\"}"),
                call("c2", "fs_write", "{\"path\": \"README.md\", \"content\": \"# Taken over\\n\"}"),
                call("c3", "git_add", "{\"paths\": [\".\"]}"),
                call("c4", "git_commit", "{\"message\": \"Take over\"}"));

        assertThat(result(body, 0).get("content").asString()).isEqualTo("# Demo\n");
        for (int i = 1; i < 4; i++) {
            assertThat(succeeded(body, i)).isFalse();
            assertThat(result(body, i).get("error").asString())
                    .contains("Only the owner of project " + project + " or an admin can change it");
        }
        assertThat(admin.get("/workspace/" + project + "/file?path=README.md").json().get("content").asString())
                .isEqualTo("# Demo\n");
        assertThat(admin.get("/workspace/" + project + "/git/commits").json().get("count").asInt()).isEqualTo(1);
        assertThat(admin.get("/workspace/" + project + "/activities").json().get("total").asLong()).isZero();
    }

    @Test
    void anAgentInNoLinkedCircleIsToldToNameTheProjectAndAPrimaryLinkComesFirst() {
        String provider = Fixtures.provider(admin, "openai", llm.url() + "/v1");
        long loner = Fixtures.agent(admin, "Loner", provider, "gpt-test", Map.of());
        Fixtures.enableSkills(admin, loner, "filesystem");

        JsonNode alone = chatWith(admin, loner, call("c1", "fs_tree", "{}"),
                call("c2", "fs_read", "{\"path\": \"README.md\", \"project_id\": " + project + "}"),
                call("c3", "fs_read", "{\"path\": \"README.md\", \"project_id\": 99999999}"),
                call("c4", "fs_projects", "{}"));
        assertThat(result(alone, 0).get("error").asString())
                .contains("Agent " + loner + " is in no circle linked to a project; pass project_id");
        assertThat(result(alone, 1).get("content").asString()).isEqualTo("# Demo\n");
        assertThat(result(alone, 2).get("error").asString()).contains("Project 99999999 not found");
        assertThat(succeeded(alone, 3)).isFalse();

        // first a circle linked to another project, then one whose primary project is ours
        Path other = TestRepos.create(folders.workspaceRoot().resolve(Fixtures.unique("other")), Map.of("OTHER.md", "other\n"));
        long otherProject = register(admin, other);
        assertThat(admin.post("/projects/" + otherProject + "/circles/" + circle(admin, loner)).status()).isEqualTo(201);
        assertThat(admin.post("/projects/" + project + "/circles/" + circle(admin, loner) + "?is_primary=true").status())
                .isEqualTo(201);

        JsonNode linked = chatWith(admin, loner, call("c5", "fs_projects", "{}"), call("c6", "fs_list", "{}"));
        JsonNode listed = result(linked, 0);
        assertThat(listed.get("projects").findValues("project_id").stream().map(JsonNode::asLong).toList())
                .containsExactly(project, otherProject);
        assertThat(listed.get("default_project_id").asLong()).isEqualTo(project);
        assertThat(result(linked, 1).get("project_id").asLong()).isEqualTo(project);
        assertThat(result(linked, 1).get("entries").findValuesAsString("name")).contains("README.md", "src");
    }

    @Test
    void longFilesAreReadInWindowsAndSearchesStayInTheirFolder() {
        TestRepos.write(folder, Map.of("docs/notes.txt", "one\nTwo\nthree\nfour\n", "docs/deep/more.txt", "two more\n"));

        JsonNode body = chat(admin,
                call("c1", "fs_read", "{\"path\": \"docs/notes.txt\", \"max_lines\": 2}"),
                call("c2", "fs_read", "{\"path\": \"docs/notes.txt\", \"start_line\": 3}"),
                call("c3", "fs_read", "{\"path\": \"docs/notes.txt\", \"start_line\": 9}"),
                call("c4", "fs_search", "{\"query\": \"two\", \"path\": \"docs\"}"),
                call("c5", "fs_search", "{\"query\": \"Two\", \"case_sensitive\": true, \"max_results\": 1}"),
                call("c6", "fs_read", "{\"path\": \"docs\"}"));

        JsonNode head = result(body, 0);
        assertThat(head.get("content").asString()).isEqualTo("one\nTwo\n");
        assertThat(head.get("truncated").asBoolean()).isTrue();
        assertThat(head.get("next_start_line").asInt()).isEqualTo(3);
        JsonNode tail = result(body, 1);
        assertThat(tail.get("content").asString()).isEqualTo("three\nfour\n");
        assertThat(tail.get("end_line").asInt()).isEqualTo(4);
        assertThat(tail.has("truncated")).isFalse();
        assertThat(result(body, 2).get("error").asString()).contains("has 4 lines; start_line 9 is past its end");
        JsonNode inDocs = result(body, 3);
        assertThat(inDocs.get("matches").findValuesAsString("path")).containsExactly("docs/deep/more.txt", "docs/notes.txt");
        JsonNode exact = result(body, 4);
        assertThat(exact.get("matches").size()).isEqualTo(1);
        assertThat(exact.get("matches").get(0).get("text").asString()).isEqualTo("Two");
        assertThat(result(body, 5).get("error").asString()).contains("docs is a folder, not a file");
    }

    @Test
    void deletingNeedsTheDeletePermissionAndIsRecorded() {
        JsonNode refused = chat(admin, call("c1", "fs_delete", "{\"path\": \"README.md\"}"));
        assertThat(result(refused, 0).get("error").asString()).contains("needs the permission(s) delete");
        assertThat(Files.exists(folder.resolve("README.md"))).isTrue();

        Api.Response granted = admin.put("/tools/agents/" + agent + "/permissions",
                Map.of("permissions", List.of("read", "write", "git", "delete")));
        assertThat(granted.status()).as(granted.toString()).isEqualTo(200);
        JsonNode deleted = chat(admin, call("c2", "fs_delete", "{\"path\": \"README.md\"}"), call("c3", "git_status", "{}"));
        assertThat(succeeded(deleted, 0)).as(deleted.toString()).isTrue();
        assertThat(Files.exists(folder.resolve("README.md"))).isFalse();
        assertThat(result(deleted, 1).get("deleted").toString()).contains("README.md");
        JsonNode feed = admin.get("/workspace/" + project + "/activities?activity_type=file_deleted").json();
        assertThat(feed.get("activities").get(0).get("agent_id").asLong()).isEqualTo(agent);
        assertThat(feed.get("activities").get(0).get("details").get("path").asString()).isEqualTo("README.md");
    }

    @Test
    void aPdfOfTheProjectIsReadThroughTheWorkspace() throws Exception {
        Files.createDirectories(folder.resolve("docs"));
        Files.write(folder.resolve("docs/report.pdf"), TestPdfs.pdf("Quarterly report", "Revenue grew by nine percent.",
                "Costs fell on the second page."));

        JsonNode body = chat(admin,
                call("c1", "pdf_read", "{\"path\": \"docs/report.pdf\"}"),
                call("c2", "pdf_search", "{\"path\": \"docs/report.pdf\", \"project_id\": " + project + ", \"query\": \"costs\"}"),
                call("c3", "pdf_info", "{}"),
                call("c4", "pdf_read", "{\"path\": \"README.md\"}"));

        assertThat(result(body, 0).get("pages").asInt()).isEqualTo(2);
        assertThat(result(body, 0).get("text").asString()).contains("Revenue grew by nine percent.");
        assertThat(result(body, 1).get("matches").get(0).get("page").asInt()).isEqualTo(2);
        assertThat(result(body, 2).get("error").asString()).contains("Give either url", "or path");
        assertThat(result(body, 3).get("error").asString()).contains("README.md (project " + project + ") is not a readable PDF");
    }
}
