package dev.gathering.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.gathering.support.Api;
import dev.gathering.support.Fixtures;
import dev.gathering.support.IntegrationTest;
import dev.gathering.support.TestRepos;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Nothing outside a project folder is ever read or written through the workspace routes: every traversal of
 * upstream's acceptance check 39, absolute paths, symbolic links leading out, and git's own folder.
 */
class PathSafetyTest extends IntegrationTest {

    @Autowired
    FolderPolicy folders;

    Api admin;
    long id;
    Path folder;
    Path outside;

    @BeforeEach
    void project() throws Exception {
        admin = admin();
        folder = TestRepos.create(folders.workspaceRoot().resolve(Fixtures.unique("safe")),
                Map.of("gathering/inside.txt", "inside", "src/main.py", "x = 1\n"));
        outside = Files.createTempDirectory("outside");
        Files.writeString(outside.resolve("secret.txt"), "TOP SECRET");
        Files.createSymbolicLink(folder.resolve("escape"), outside);
        Files.createSymbolicLink(folder.resolve("secret-link.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(folder.resolve("inner-link.txt"), folder.resolve("src/main.py"));
        Api.Response created = admin.post("/projects", Map.of("name", "safe", "path", folder.toString()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        id = created.json().get("id").asLong();
    }

    private Api.Response read(String path) {
        return admin.get("/workspace/" + id + "/file?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8));
    }

    private Api.Response write(String path) {
        return admin.send(admin.request("/workspace/" + id + "/file?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"content\": \"PWNED\"}")));
    }

    private static void refused(Api.Response response, String detail) {
        assertThat(response.status()).as(response.toString()).isEqualTo(403);
        assertThat(response.json().get("detail").asString()).isEqualTo(detail);
        assertThat(response.body()).doesNotContain("root:x:0", "TOP SECRET");
    }

    @Test
    void everyTraversalSpellingIsRefused() {
        for (String path : List.of("../../../etc/passwd", "%2e%2e/%2e%2e/etc/passwd", "%252e%252e/%252e%252e/etc/passwd",
                "..%2f..%2fetc/passwd", "..\\..\\etc\\passwd", "gathering/../../../etc/passwd", "src/../../outside",
                "..")) {
            refused(read(path), "Path traversal detected");
            refused(write(path), "Path traversal detected");
            refused(admin.get("/workspace/" + id + "/file/raw?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8)),
                    "Path traversal detected");
            refused(admin.delete("/workspace/" + id + "/file?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8)),
                    "Path traversal detected");
        }
        refused(admin.get("/workspace/" + id + "/git/diff?file_path=" + URLEncoder.encode("../x", StandardCharsets.UTF_8)),
                "Path traversal detected");
        refused(admin.post("/workspace/" + id + "/git/stage", List.of("src/main.py", "../../etc/passwd")),
                "Path traversal detected");
    }

    @Test
    void nulBytesAndAbsolutePathsOutsideAreRefused() {
        for (String path : List.of("src/main.py\0.txt", "src/main.py%00.txt")) {
            assertThat(read(path).status()).isEqualTo(403);
            assertThat(write(path).status()).isEqualTo(403);
        }
        refused(read("/etc/passwd"), "Access denied: path outside project");
        refused(write("/etc/gathering-test"), "Access denied: path outside project");
        refused(read(outside.resolve("secret.txt").toString()), "Access denied: path outside project");
        assertThat(Path.of("/etc/gathering-test")).doesNotExist();

        Api.Response absoluteInside = read(folder.resolve("src/main.py").toString());
        assertThat(absoluteInside.status()).as(absoluteInside.toString()).isEqualTo(200);
        assertThat(absoluteInside.json().get("path").asString()).isEqualTo("src/main.py");
        assertThat(read("gathering/inside.txt").json().get("content").asString()).isEqualTo("inside");
        assertThat(read("./src//main.py").status()).isEqualTo(200);
    }

    @Test
    void symbolicLinksLeadingOutAreRefusedAndOnesInsideWork() throws Exception {
        refused(read("escape/secret.txt"), "Access denied: symlink escape");
        refused(read("secret-link.txt"), "Access denied: symlink escape");
        refused(write("escape/planted.txt"), "Access denied: symlink escape");
        refused(write("escape/new/dir/planted.txt"), "Access denied: symlink escape");
        refused(write("secret-link.txt"), "Access denied: symlink escape");
        refused(admin.delete("/workspace/" + id + "/file?path=escape/secret.txt"), "Access denied: symlink escape");
        assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("TOP SECRET");
        try (var listed = Files.list(outside)) {
            assertThat(listed.map(p -> p.getFileName().toString()).toList()).containsExactly("secret.txt");
        }

        Api.Response inner = read("inner-link.txt");
        assertThat(inner.status()).as(inner.toString()).isEqualTo(200);
        assertThat(inner.json().get("content").asString()).isEqualTo("x = 1\n");
    }

    @Test
    void gitsOwnFilesAreOnlyReachedThroughTheGitRoutes() {
        assertThat(read(".git/config").status()).isEqualTo(403);
        assertThat(write(".git/hooks/pre-commit").status()).isEqualTo(403);
        assertThat(write(".GIT/hooks/pre-commit").status()).isEqualTo(403);
        assertThat(write("vendor/lib/.git/hooks/pre-commit").status()).as("a nested repository's hooks").isEqualTo(403);
        assertThat(folder.resolve(".git/hooks/pre-commit")).doesNotExist();
        assertThat(admin.get("/workspace/" + id + "/git/status").status()).isEqualTo(200);
    }

    @Test
    void projectsCannotBeRegisteredOutsideTheAllowedFoldersNorOnSystemFolders() throws Exception {
        for (String path : List.of("/proc", "/sys", "/dev", "/boot", "/etc")) {
            Api.Response refused = admin.post("/projects", Map.of("name", "system", "path", path));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
            assertThat(admin.get("/projects/browse/folders?path=" + path).status()).isEqualTo(403);
        }
        Api.Response outsideAllowed = admin.post("/projects", Map.of("name", "out", "path", outside.toString()));
        assertThat(outsideAllowed.status()).as(outsideAllowed.toString()).isEqualTo(403);
        assertThat(outsideAllowed.json().get("detail").asString()).contains("outside the allowed folders", "GATHERING_WORKSPACE_ALLOWED");
        Api.Response viaLink = admin.post("/projects", Map.of("name", "via-link", "path", folder.resolve("escape").toString()));
        assertThat(viaLink.status()).as("a link inside an allowed folder to a folder outside").isEqualTo(403);
        Api.Response home = admin.post("/projects", Map.of("name", "home", "path", System.getProperty("user.home")));
        assertThat(home.status()).as("the home holds credentials and GATHERING_HOME").isEqualTo(403);
        assertThat(admin.post("/projects", Map.of("name", "missing", "path", folder.resolve("nope").toString())).status())
                .isEqualTo(400);
        assertThat(admin.post("/projects", Map.of("name", "file", "path", folder.resolve("src/main.py").toString())).status())
                .isEqualTo(400);
        Api.Response duplicate = admin.post("/projects", Map.of("name", "again", "path", folder.toString()));
        assertThat(duplicate.status()).isEqualTo(409);

        var browse = admin.get("/projects/browse/folders?path=" + URLEncoder.encode(folders.workspaceRoot().toString(),
                StandardCharsets.UTF_8));
        assertThat(browse.status()).as(browse.toString()).isEqualTo(200);
        assertThat(browse.json().get("current_path").asString()).isEqualTo(folders.workspaceRoot().toString());
        assertThat(browse.json().get("entries").toString()).contains(folder.getFileName().toString());
        assertThat(browse.json().get("entries").findValues("is_project").stream().anyMatch(v -> v.asBoolean())).isTrue();
    }
}
