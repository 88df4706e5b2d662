package dev.gathering.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.gathering.support.Api;
import dev.gathering.support.FakeLlmServer;
import dev.gathering.support.Fixtures;
import dev.gathering.support.IntegrationTest;
import dev.gathering.support.StatementCounter;
import dev.gathering.support.TestRepos;
import dev.gathering.support.TestSse;
import dev.gathering.workspace.FolderPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class ProjectsApiTest extends IntegrationTest {

    @RegisterExtension
    static final FakeLlmServer llm = new FakeLlmServer();

    @Autowired
    FolderPolicy folders;

    @Autowired
    StatementCounter counter;

    private Path repository(Map<String, String> files) {
        return TestRepos.create(folders.workspaceRoot().resolve(Fixtures.unique("proj")), files);
    }

    private long register(Api api, Path folder, Map<String, Object> extra) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", folder.getFileName().toString(), "path", folder.toString()));
        body.putAll(extra);
        Api.Response created = api.post("/projects", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private static String systemPrompt(FakeLlmServer.Received request) {
        return FakeLlmServer.systemPrompt(request);
    }

    @Test
    void agentsOfALinkedCircleGetTheProjectContextInTheirPrompt() {
        Api admin = admin();
        Path folder = repository(Map.of("pom.xml", "<project><artifactId>spring-boot-starter</artifactId></project>",
                "src/main/java/App.java", "class App {}", "README.md", "# Shop", "LICENSE", "MIT",
                ".github/workflows/ci.yml", "on: push"));
        long projectId = register(admin, folder, Map.of("description", "The online shop", "display_name", "Shop"));
        admin.patch("/projects/" + projectId, Map.of("notes", java.util.List.of("Never commit to main directly")));
        String provider = Fixtures.provider(admin, "openai", llm.url() + "/v1");
        long agentId = Fixtures.agent(admin, Fixtures.unique("Builder"), provider, "gpt-test", Map.of());
        long outsider = Fixtures.agent(admin, Fixtures.unique("Outsider"), provider, "gpt-test", Map.of());
        String circle = Fixtures.unique("shop-team");
        Api.Response created = admin.post("/circles", Map.of("name", circle));
        long circleId = created.json().get("circle_id").asLong();
        admin.post("/circles/" + circle + "/agents", Map.of("agent_id", agentId));

        Api.Response before = admin.post("/agents/" + agentId + "/chat", Map.of("message", "hello"));
        assertThat(before.status()).as(before.toString()).isEqualTo(200);
        assertThat(systemPrompt(llm.last())).doesNotContain("## Project Context");

        Api.Response link = admin.post("/projects/" + projectId + "/circles/" + circleId + "?is_primary=true");
        assertThat(link.status()).as(link.toString()).isEqualTo(201);
        assertThat(link.json().get("status").asString()).isEqualTo("linked");
        assertThat(admin.post("/projects/" + projectId + "/circles/" + circleId).json().get("status").asString())
                .isEqualTo("already_linked");

        admin.post("/agents/" + agentId + "/chat", Map.of("message", "what do we build?"));
        String prompt = systemPrompt(llm.last());
        assertThat(prompt).contains("## Project Context", "Project: Shop", "The online shop", "java", "spring-boot",
                "build: mvn package", "Never commit to main directly", folder.toString());
        admin.post("/agents/" + outsider + "/chat", Map.of("message", "what do we build?"));
        assertThat(systemPrompt(llm.last())).doesNotContain("## Project Context");

        JsonNode context = admin.get("/projects/" + projectId + "/context").json();
        assertThat(context.get("prompt_context").asString()).contains("Project: Shop", "Key files:", "ci: .github/workflows/ci.yml");
        assertThat(context.get("raw").get("tools").get("maven").asString()).isEqualTo("pom.xml");
        JsonNode circles = admin.get("/projects/" + projectId + "/circles").json();
        assertThat(circles.get("total").asInt()).isEqualTo(1);
        assertThat(circles.get("circles").get(0).get("circle_name").asString()).isEqualTo(circle);
        assertThat(circles.get("circles").get(0).get("is_primary").asBoolean()).isTrue();
        assertThat(admin.get("/projects/" + projectId).json().get("circle_count").asInt()).isEqualTo(1);

        assertThat(admin.delete("/projects/" + projectId + "/circles/" + circleId).status()).isEqualTo(204);
        assertThat(admin.delete("/projects/" + projectId + "/circles/" + circleId).status()).isEqualTo(404);
        admin.post("/agents/" + agentId + "/chat", Map.of("message", "and now?"));
        assertThat(systemPrompt(llm.last())).doesNotContain("## Project Context");
    }

    @Test
    void projectIdsOfCirclesAndKnowledgeAreRealReferences() {
        Api admin = admin();
        long projectId = register(admin, repository(Map.of("main.go", "package main")), Map.of());
        Api.Response unknownCircle = admin.post("/circles", Map.of("name", Fixtures.unique("ghost"), "project_id", 987654));
        assertThat(unknownCircle.status()).as(unknownCircle.toString()).isEqualTo(422);
        assertThat(unknownCircle.json().get("detail").asString()).isEqualTo("Project 987654 does not exist");
        Api.Response unknownKnowledge = admin.post("/memories/knowledge", Map.of("title", "t", "content", "c", "project_id", 987654));
        assertThat(unknownKnowledge.status()).as(unknownKnowledge.toString()).isEqualTo(422);

        String name = Fixtures.unique("go-team");
        Api.Response circle = admin.post("/circles", Map.of("name", name, "project_id", projectId));
        assertThat(circle.status()).as(circle.toString()).isEqualTo(201);
        long circleId = circle.json().get("circle_id").asLong();
        Api.Response knowledge = admin.post("/memories/knowledge", Map.of("title", "Go style", "content", "gofmt everything",
                "project_id", projectId));
        assertThat(knowledge.status()).as(knowledge.toString()).isEqualTo(200);
        JsonNode links = admin.get("/projects/" + projectId + "/circles").json();
        assertThat(links.get("circles").get(0).get("circle_id").asLong()).isEqualTo(circleId);
        assertThat(links.get("circles").get(0).get("is_primary").asBoolean()).isTrue();
        assertThat(admin.post("/projects/" + projectId + "/circles/424242").status()).isEqualTo(404);
        assertThat(admin.post("/projects/424242/circles/" + circleId).status()).isEqualTo(404);

        assertThat(admin.delete("/projects/" + projectId).status()).isEqualTo(204);
        assertThat(admin.get("/projects/" + projectId).status()).isEqualTo(404);
        assertThat(admin.get("/circles/" + name).json().get("project_id").isNull()).isTrue();
    }

    @Test
    void ownersChangeTheirProjectsOthersOnlyRead() {
        Api admin = admin();
        String email = Fixtures.unique("member") + "@example.com";
        api.post("/auth/register", Map.of("email", email, "password", "member-password-1", "name", "Member"));
        Api member = api.login(email, "member-password-1");
        Path mine = repository(Map.of("a.py", "a = 1\n"));
        long memberProject = register(member, mine, Map.of());
        long adminProject = register(admin, repository(Map.of("b.py", "b = 2\n")), Map.of());

        assertThat(member.get("/workspace/" + adminProject + "/file?path=b.py").status()).isEqualTo(200);
        assertThat(member.get("/projects/" + adminProject).status()).isEqualTo(200);
        Api.Response write = member.send(member.request("/workspace/" + adminProject + "/file?path=b.py")
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"content\": \"hacked\"}")));
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.json().get("detail").asString()).isEqualTo("Only the owner of project " + adminProject + " or an admin can change it");
        assertThat(member.patch("/projects/" + adminProject, Map.of("description", "mine now")).status()).isEqualTo(403);
        assertThat(member.delete("/projects/" + adminProject).status()).isEqualTo(403);
        assertThat(member.post("/workspace/" + adminProject + "/git/commit", Map.of("message", "x")).status()).isEqualTo(403);

        Api.Response own = member.patch("/projects/" + memberProject, Map.of("description", "my project", "status", "paused",
                "git_username", "me", "git_token", "ghp_secret_token"));
        assertThat(own.status()).as(own.toString()).isEqualTo(200);
        assertThat(own.json().get("status").asString()).isEqualTo("paused");
        assertThat(own.json().get("git_token_set").asBoolean()).isTrue();
        assertThat(own.body()).doesNotContain("ghp_secret_token");
        assertThat(member.patch("/projects/" + memberProject, Map.of("status", "gone")).status()).isEqualTo(422);
        assertThat(admin.patch("/projects/" + memberProject, Map.of("git_token", "")).json().get("git_token_set").asBoolean()).isFalse();
        assertThat(api.get("/projects").status()).isEqualTo(401);

        JsonNode browse = member.get("/projects/browse/folders").json();
        assertThat(browse.get("current_path").asString()).isEqualTo(folders.workspaceRoot().toString());
        Api.Response home = member.get("/projects/browse/folders?path=" + System.getProperty("user.home"));
        assertThat(home.status()).isEqualTo(403);
        assertThat(home.json().get("detail").asString()).contains("only admins");
        assertThat(admin.get("/projects/browse/folders?path=" + System.getProperty("user.home")).status()).isEqualTo(200);
    }

    @Test
    void aCloneFromALocalBareRepositoryRunsInTheBackgroundAndAFailedOneLeavesNothing() throws Exception {
        Api admin = admin();
        Path source = TestRepos.create(Files.createTempDirectory("clone-source"), Map.of("package.json",
                "{\"scripts\": {\"test\": \"jest\", \"build\": \"vite build\"}, \"dependencies\": {\"react\": \"18\"}}",
                "src/index.js", "console.log(1)"));
        Path bare = TestRepos.bareCopy(source, folders.workspaceRoot().resolve(Fixtures.unique("remote") + ".git"));
        String name = Fixtures.unique("cloned");

        try (TestSse stream = TestSse.open(admin, "/events/stream?topics=project")) {
            assertThat(stream.next().type()).isEqualTo("connected");
            Api.Response accepted = admin.post("/projects", Map.of("name", name, "repository_url", bare.toUri().toString()));
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
            String cloneId = accepted.json().get("clone_id").asString();
            assertThat(accepted.json().get("status").asString()).isEqualTo("cloning");

            TestSse.Message created = stream.next(message -> message.type().equals("project.created"), Duration.ofSeconds(30));
            long projectId = created.data().get("project_id").asLong();
            JsonNode job = admin.get("/projects/clones/" + cloneId).json();
            await().atMost(Duration.ofSeconds(10)).until(() -> admin.get("/projects/clones/" + cloneId).json()
                    .get("status").asString().equals("completed"));
            assertThat(admin.get("/projects/clones/" + cloneId).json().get("project_id").asLong()).isEqualTo(projectId);
            assertThat(job.get("repository_url").asString()).isEqualTo(bare.toUri().toString());

            JsonNode project = admin.get("/projects/" + projectId).json();
            assertThat(project.get("path").asString()).isEqualTo(folders.workspaceRoot().resolve(name).toString());
            assertThat(project.get("branch").asString()).isEqualTo("main");
            assertThat(project.get("frameworks").toString()).contains("react");
            assertThat(project.get("commands").get("test").asString()).isEqualTo("npm test");
            assertThat(admin.get("/workspace/" + projectId + "/file?path=src/index.js").json().get("content").asString())
                    .isEqualTo("console.log(1)");
            assertThat(admin.get("/workspace/" + projectId + "/git/commits").json().get("count").asInt()).isEqualTo(1);

            String failing = Fixtures.unique("broken");
            Api.Response badClone = admin.post("/projects", Map.of("name", failing, "repository_url",
                    bare.toUri().toString(), "branch", "no-such-branch"));
            assertThat(badClone.status()).isEqualTo(202);
            TestSse.Message failed = stream.next(message -> message.type().equals("project.clone.failed"), Duration.ofSeconds(30));
            assertThat(failed.data().get("data").get("error").asString()).isNotBlank();
            assertThat(folders.workspaceRoot().resolve(failing)).doesNotExist();
            assertThat(admin.get("/projects?limit=500").json().get("projects").toString()).doesNotContain(failing);
        }
        Api.Response outside = admin.post("/projects", Map.of("name", "x", "repository_url", source.toUri().toString()));
        assertThat(outside.status()).as("a local repository outside the allowed folders").isEqualTo(403);
        assertThat(admin.post("/projects", Map.of("name", "x", "repository_url", "git@github.com:a/b.git")).status()).isEqualTo(422);
        assertThat(admin.post("/projects", Map.of("name", "x", "repository_url", "http://127.0.0.1:9/x.git")).status()).isEqualTo(403);
        assertThat(admin.post("/projects", Map.of("name", "x")).status()).isEqualTo(422);
    }

    @Test
    void listsRunAConstantNumberOfStatements() {
        Api admin = admin();
        long first = register(admin, repository(Map.of("x.rs", "fn main() {}")), Map.of());
        for (int i = 0; i < 6; i++) {
            long id = register(admin, repository(Map.of("y.rs", "fn main() {}")), Map.of());
            String circle = Fixtures.unique("c");
            long circleId = admin.post("/circles", Map.of("name", circle)).json().get("circle_id").asLong();
            admin.post("/projects/" + id + "/circles/" + circleId);
        }
        for (int i = 0; i < 5; i++) {
            admin.post("/workspace/" + first + "/activities", Map.of("activity_type", "discussion", "details", Map.of("n", i)));
        }
        assertThat(counter.countGet(admin, "/projects?limit=1")).isEqualTo(counter.countGet(admin, "/projects?limit=100"));
        assertThat(counter.countGet(admin, "/projects?limit=100")).isLessThanOrEqualTo(2);
        assertThat(counter.countGet(admin, "/projects/" + first)).isEqualTo(1);
        assertThat(counter.countGet(admin, "/workspace/" + first + "/activities?limit=1"))
                .isEqualTo(counter.countGet(admin, "/workspace/" + first + "/activities?limit=50")).isLessThanOrEqualTo(3);
        assertThat(counter.countGet(admin, "/workspace/" + first + "/activities/stats")).isLessThanOrEqualTo(2);
        assertThat(counter.countGet(admin, "/projects/" + first + "/circles")).isLessThanOrEqualTo(2);
        assertThat(counter.countGet(admin, "/workspace/" + first + "/files")).isEqualTo(1);
    }
}
