package dev.gathering.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.gathering.support.Api;
import dev.gathering.support.Fixtures;
import dev.gathering.support.IntegrationTest;
import dev.gathering.support.TestRepos;
import dev.gathering.support.TestSse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** A user's first session with a project: register a repository, browse it, edit, see the change, commit, see the feed. */
class WorkspaceApiTest extends IntegrationTest {

    @Autowired
    FolderPolicy folders;

    Path repository(Map<String, String> files) {
        return TestRepos.create(folders.workspaceRoot().resolve(Fixtures.unique("repo")), files);
    }

    long register(Api api, Path folder) {
        Api.Response created = api.post("/projects", Map.of("name", folder.getFileName().toString(), "path", folder.toString()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    @Test
    void editSeeModifiedCommitAndFindItInTheLogTheFeedAndTheStream() {
        Api admin = admin();
        Path folder = repository(Map.of("README.md", "# Demo\n", "src/app.py", "print('hello')\n",
                ".gitignore", "*.log\nbuild/\n", "notes.log", "ignored\n", "build/out.txt", "ignored too\n",
                "requirements.txt", "flask==3.0\npytest\n"));
        long id = register(admin, folder);

        JsonNode project = admin.get("/projects/" + id).json();
        assertThat(project.get("path").asString()).isEqualTo(folder.toString());
        assertThat(project.get("branch").asString()).isEqualTo("main");
        assertThat(project.get("languages").toString()).contains("python");
        assertThat(project.get("frameworks").toString()).contains("flask", "pytest");
        assertThat(project.get("commands").get("test").asString()).isEqualTo("pytest");
        assertThat(project.get("key_files").get("readme").asString()).isEqualTo("README.md");

        JsonNode tree = admin.get("/workspace/" + id + "/files").json();
        List<String> paths = paths(tree.get("tree"));
        assertThat(paths).contains("README.md", "src", "src/app.py", ".gitignore", "requirements.txt")
                .doesNotContain("notes.log", "build", "build/out.txt", ".git");
        assertThat(tree.get("truncated").asBoolean()).isFalse();

        try (TestSse stream = TestSse.open(admin, "/events/stream?topics=workspace.activity")) {
            assertThat(stream.next().type()).isEqualTo("connected");

            Api.Response written = admin.send(admin.request("/workspace/" + id + "/file?path=src/app.py")
                    .header("Content-Type", "application/json")
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"content\": \"print('hello, world')\\n\"}")));
            assertThat(written.status()).as(written.toString()).isEqualTo(200);
            assertThat(written.json().get("created").asBoolean()).isFalse();
            assertThat(written.json().get("backup_path").asString()).isEqualTo("src/app.py.bak");
            TestSse.Message activity = stream.next(Duration.ofSeconds(10));
            assertThat(activity.type()).isEqualTo("workspace.activity");
            assertThat(activity.data().get("project_id").asLong()).isEqualTo(id);
            assertThat(activity.data().get("data").get("activity_type").asString()).isEqualTo("file_edited");
            assertThat(activity.data().get("data").get("details").get("path").asString()).isEqualTo("src/app.py");

            JsonNode read = admin.get("/workspace/" + id + "/file?path=src/app.py").json();
            assertThat(read.get("content").asString()).isEqualTo("print('hello, world')\n");
            assertThat(read.get("language").asString()).isEqualTo("python");
            assertThat(read.get("encoding").asString()).isEqualTo("utf-8");

            JsonNode status = admin.get("/workspace/" + id + "/git/status").json().get("status");
            assertThat(status.get("modified").toString()).contains("src/app.py");
            assertThat(status.get("untracked").toString()).contains("src/app.py.bak");
            assertThat(status.get("is_clean").asBoolean()).isFalse();
            JsonNode withStatus = admin.get("/workspace/" + id + "/files?include_git_status=true").json();
            assertThat(node(withStatus.get("tree"), "src/app.py").get("git_status").asString()).isEqualTo("modified");

            JsonNode diff = admin.get("/workspace/" + id + "/git/diff?file_path=src/app.py").json();
            assertThat(diff.get("diff").asString()).contains("-print('hello')", "+print('hello, world')");

            assertThat(admin.post("/workspace/" + id + "/git/stage", List.of("src/app.py")).status()).isEqualTo(200);
            JsonNode staged = admin.get("/workspace/" + id + "/git/status").json().get("status");
            assertThat(staged.get("staged").get(0).get("path").asString()).isEqualTo("src/app.py");
            Api.Response commit = admin.post("/workspace/" + id + "/git/commit", Map.of("message", "Greet the world"));
            assertThat(commit.status()).as(commit.toString()).isEqualTo(200);
            String hash = commit.json().get("commit").get("hash").asString();
            assertThat(commit.json().get("commit").get("author_email").asString()).isEqualTo(ADMIN_EMAIL);
            TestSse.Message committed = stream.next(message -> message.data().path("data").path("activity_type")
                    .asString().equals("commit"), Duration.ofSeconds(10));
            assertThat(committed.data().get("data").get("details").get("hash").asString()).isEqualTo(hash);

            JsonNode log = admin.get("/workspace/" + id + "/git/commits").json();
            assertThat(log.get("commits").get(0).get("hash").asString()).isEqualTo(hash);
            assertThat(log.get("commits").get(0).get("subject").asString()).isEqualTo("Greet the world");
            assertThat(log.get("commits").get(1).get("subject").asString()).isEqualTo("Initial commit");
            assertThat(admin.get("/workspace/" + id + "/git/commits?author=test%20author").json().get("count").asInt()).isEqualTo(1);
            JsonNode history = admin.get("/workspace/" + id + "/git/file-history?file_path=src/app.py").json();
            assertThat(history.get("history").size()).isEqualTo(2);
            JsonNode commitDiff = admin.get("/workspace/" + id + "/git/diff?commit=" + hash).json();
            assertThat(commitDiff.get("files").get(0).get("path").asString()).isEqualTo("src/app.py");
            assertThat(commitDiff.get("files").get(0).get("additions").asInt()).isEqualTo(1);
        }

        JsonNode feed = admin.get("/workspace/" + id + "/activities").json();
        assertThat(feed.get("total").asLong()).isEqualTo(2);
        assertThat(feed.get("activities").get(0).get("activity_type").asString()).isEqualTo("commit");
        assertThat(feed.get("activities").get(1).get("activity_type").asString()).isEqualTo("file_edited");
        assertThat(feed.get("activities").get(1).get("user_id").asString()).isEqualTo("admin");
        JsonNode stats = admin.get("/workspace/" + id + "/activities/stats").json();
        assertThat(stats.get("total_activities").asLong()).isEqualTo(2);
        assertThat(stats.get("by_type").get("commit").asLong()).isEqualTo(1);
    }

    @Test
    void filesAreCreatedReadRawAndDeletedAndTheTreeIsBounded() throws Exception {
        Api admin = admin();
        Path folder = repository(Map.of("a.txt", "a"));
        long id = register(admin, folder);

        Api.Response created = admin.send(admin.request("/workspace/" + id + "/file?path=docs/new/guide.md")
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"content\": \"# Guide\"}")));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.json().get("created").asBoolean()).isTrue();
        assertThat(Files.readString(folder.resolve("docs/new/guide.md"))).isEqualTo("# Guide");

        Files.write(folder.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
        Api.Response raw = admin.get("/workspace/" + id + "/file/raw?path=logo.png");
        assertThat(raw.status()).isEqualTo(200);
        assertThat(raw.contentType()).isEqualTo("image/png");
        assertThat(raw.header("Content-Disposition")).startsWith("inline");
        Api.Response binaryAsText = admin.get("/workspace/" + id + "/file?path=logo.png");
        assertThat(binaryAsText.status()).isEqualTo(400);
        assertThat(binaryAsText.json().get("detail").asString()).contains("binary");

        assertThat(admin.delete("/workspace/" + id + "/file?path=docs/new/guide.md").status()).isEqualTo(200);
        assertThat(folder.resolve("docs/new/guide.md")).doesNotExist();
        assertThat(admin.delete("/workspace/" + id + "/file?path=docs/new/guide.md").status()).isEqualTo(404);
        assertThat(admin.get("/workspace/" + id + "/file?path=missing.txt").status()).isEqualTo(404);

        for (int i = 0; i < 30; i++) {
            Files.writeString(folder.resolve("many-" + i + ".txt"), "x");
        }
        Files.createDirectories(folder.resolve("d1/d2/d3"));
        Files.writeString(folder.resolve("d1/d2/d3/deep.txt"), "deep");
        JsonNode shallow = admin.get("/workspace/" + id + "/files?max_depth=2&include_git_status=false").json();
        assertThat(paths(shallow.get("tree"))).contains("d1/d2").doesNotContain("d1/d2/d3", "d1/d2/d3/deep.txt");
        assertThat(shallow.get("truncated").asBoolean()).isTrue();
        assertThat(admin.get("/workspace/" + id + "/info").json().get("type").asString()).isEqualTo("custom");
        assertThat(admin.get("/workspace/999999/files").status()).isEqualTo(404);
    }

    @Test
    void pushPullBranchesAndGraphAgainstALocalRemote() throws Exception {
        Api admin = admin();
        Path folder = repository(Map.of("a.txt", "one\n"));
        Path bare = TestRepos.bareCopy(folder, folders.workspaceRoot().resolve(Fixtures.unique("origin") + ".git"));
        try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.open(folder.toFile())) {
            var config = git.getRepository().getConfig();
            config.setString("remote", "origin", "url", bare.toUri().toString());
            config.setString("remote", "origin", "fetch", "+refs/heads/*:refs/remotes/origin/*");
            config.save();
            git.fetch().setRemote("origin").call();
        }
        long id = register(admin, folder);
        TestRepos.commit(folder, "Second", Map.of("b.txt", "two\n"));

        Api.Response pushed = admin.post("/workspace/" + id + "/git/push", Map.of("set_upstream", true));
        assertThat(pushed.status()).as(pushed.toString()).isEqualTo(200);
        assertThat(pushed.json().get("updates").get(0).get("status").asString()).isEqualTo("ok");
        JsonNode branches = admin.get("/workspace/" + id + "/git/branches").json();
        assertThat(branches.get("current").asString()).isEqualTo("main");
        assertThat(branches.get("branches").findValuesAsString("name")).contains("main", "origin/main");
        assertThat(admin.get("/workspace/" + id + "/git/status").json().get("status").get("ahead").asInt()).isZero();

        // someone else pushes to the remote: our next push is rejected, a pull brings their commit
        Path other = folders.workspaceRoot().resolve(Fixtures.unique("other"));
        try (org.eclipse.jgit.api.Git clone = org.eclipse.jgit.api.Git.cloneRepository().setURI(bare.toUri().toString())
                .setDirectory(other.toFile()).call()) {
            TestRepos.commit(other, "Theirs", Map.of("c.txt", "three\n"));
            clone.push().call();
        }
        TestRepos.commit(folder, "Ours", Map.of("d.txt", "four\n"));
        Api.Response rejected = admin.post("/workspace/" + id + "/git/push", Map.of());
        assertThat(rejected.status()).as(rejected.toString()).isEqualTo(409);
        assertThat(rejected.json().get("detail").asString()).contains("rejected", "nonfastforward", "pull first");
        Api.Response pulled = admin.post("/workspace/" + id + "/git/pull", Map.of());
        assertThat(pulled.status()).as(pulled.toString()).isEqualTo(200);
        assertThat(pulled.json().get("merge_status").asString()).isEqualTo("merged");
        assertThat(folder.resolve("c.txt")).exists();
        assertThat(admin.post("/workspace/" + id + "/git/push", Map.of()).status()).isEqualTo(200);
        assertThat(admin.post("/workspace/" + id + "/git/push", Map.of("remote", "nowhere")).status()).isEqualTo(404);

        JsonNode graph = admin.get("/workspace/" + id + "/git/graph").json();
        assertThat(graph.get("nodes").size()).isEqualTo(5);
        JsonNode merge = graph.get("nodes").get(0);
        assertThat(merge.get("parents").size()).isEqualTo(2);
        assertThat(merge.get("refs").toString()).contains("HEAD", "main");
        assertThat(graph.get("columns").asInt()).isEqualTo(2);
        assertThat(graph.get("nodes").findValuesAsString("subject")).contains("Theirs", "Ours", "Second", "Initial commit");
        JsonNode feed = admin.get("/workspace/" + id + "/activities").json();
        assertThat(feed.get("activities").findValuesAsString("activity_type")).contains("push", "pull");
        assertThat(admin.get("/workspace/" + register(admin, plainFolder()) + "/git/graph").status()).isEqualTo(404);
    }

    private Path plainFolder() throws Exception {
        Path folder = folders.workspaceRoot().resolve(Fixtures.unique("plain"));
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("x.txt"), "x");
        return folder;
    }

    @Test
    void programsAndTerminalsAreOffUnlessEnabled() {
        Api admin = admin();
        long id = register(admin, repository(Map.of("x.py", "print(1)")));
        Api.Response run = admin.post("/workspace/" + id + "/run-python", Map.of("code", "print(1)"));
        assertThat(run.status()).isEqualTo(403);
        assertThat(run.json().get("detail").asString()).contains("GATHERING_WORKSPACE_EXEC=true");
        assertThat(admin.post("/workspace/" + id + "/run", Map.of("command", List.of("ls"))).status()).isEqualTo(403);
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        dev.gathering.support.TestWebSocket.connect(admin, "/ws/terminal/" + id, admin.token()))
                .isInstanceOfSatisfying(dev.gathering.support.TestWebSocket.Refused.class, e -> assertThat(e.status()).isEqualTo(403));
    }

    static List<String> paths(JsonNode node) {
        List<String> paths = new ArrayList<>();
        collect(node, paths);
        return paths;
    }

    private static void collect(JsonNode node, List<String> paths) {
        if (!node.get("path").asString().isEmpty()) {
            paths.add(node.get("path").asString());
        }
        if (node.hasNonNull("children")) {
            node.get("children").forEach(child -> collect(child, paths));
        }
    }

    static JsonNode node(JsonNode tree, String path) {
        if (tree.get("path").asString().equals(path)) {
            return tree;
        }
        if (tree.hasNonNull("children")) {
            for (JsonNode child : tree.get("children")) {
                JsonNode found = node(child, path);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
