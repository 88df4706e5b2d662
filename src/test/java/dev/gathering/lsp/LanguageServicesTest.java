package dev.gathering.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import dev.gathering.support.Api;
import dev.gathering.support.Fixtures;
import dev.gathering.support.IntegrationTest;
import dev.gathering.support.TestRepos;
import dev.gathering.workspace.FolderPolicy;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Language services from a real pylsp (Debian python3-pylsp; .ci/run installs it). */
class LanguageServicesTest extends IntegrationTest {

    @Autowired
    FolderPolicy folders;

    Api admin;
    long projectId;

    @BeforeEach
    void project() {
        admin = admin();
        Path folder = TestRepos.create(folders.workspaceRoot().resolve(Fixtures.unique("lsp")), Map.of(
                "shapes.py", "def area_of_circle(radius):\n    \"\"\"The area of a circle.\"\"\"\n    return 3.14159 * radius * radius\n",
                "main.py", "from shapes import area_of_circle\n\nprint(area_of_circle(2))\n"));
        projectId = admin.post("/projects", Map.of("name", "lsp", "path", folder.toString())).json().get("id").asLong();
    }

    private static void requirePylsp() {
        boolean installed = LanguageCatalog.find("pylsp").isPresent();
        if (!installed) {
            System.err.println("SKIPPED LanguageServicesTest: pylsp is not installed (apt-get install python3-pylsp)");
        }
        Assumptions.assumeTrue(installed, "pylsp is not installed (apt-get install python3-pylsp)");
    }

    @Test
    void completionsHoverDefinitionAndDiagnosticsComeFromPylsp() {
        requirePylsp();
        assertThat(admin.get("/lsp/" + projectId + "/status?language=python").json().get("active").asBoolean()).isFalse();
        Api.Response initialized = admin.post("/lsp/" + projectId + "/initialize", Map.of("language", "python",
                "workspace_path", "."));
        assertThat(initialized.status()).as(initialized.toString()).isEqualTo(200);
        assertThat(initialized.json().get("status").asString()).isEqualTo("initialized");
        assertThat(initialized.json().get("capabilities").has("completionProvider")).isTrue();
        assertThat(admin.get("/lsp/" + projectId + "/status?language=python").json().get("active").asBoolean()).isTrue();

        Api.Response completions = admin.post("/lsp/" + projectId + "/completions?language=python",
                Map.of("file_path", "main.py", "line", 4, "character", 7, "content",
                        "from shapes import area_of_circle\n\nprint(area_of_circle(2))\narea_o\n"));
        assertThat(completions.status()).as(completions.toString()).isEqualTo(200);
        assertThat(completions.json().get("count").asInt()).isPositive();
        assertThat(completions.json().get("completions").findValuesAsString("label")).anyMatch(label -> label.startsWith("area_of_circle"));

        JsonNode hover = admin.post("/lsp/" + projectId + "/hover?language=python",
                Map.of("file_path", "main.py", "line", 3, "character", 8)).json();
        assertThat(hover.get("contents").asString()).contains("The area of a circle");

        JsonNode definition = admin.post("/lsp/" + projectId + "/definition?language=python",
                Map.of("file_path", "main.py", "line", 3, "character", 8)).json();
        assertThat(definition.get("file_path").asString()).isEqualTo("shapes.py");
        assertThat(definition.get("line").asInt()).isEqualTo(1);
        JsonNode nothing = admin.post("/lsp/" + projectId + "/definition?language=python",
                Map.of("file_path", "main.py", "line", 2, "character", 0)).json();
        assertThat(nothing.get("uri").isNull()).isTrue();

        if (LanguageCatalog.find("pyflakes3").isPresent() || LanguageCatalog.find("pyflakes").isPresent()) {
            JsonNode diagnostics = admin.post("/lsp/" + projectId + "/diagnostics?language=python",
                    Map.of("file_path", "broken.py", "content", "import os\nprint(undefined_name)\n")).json();
            assertThat(diagnostics.get("diagnostics").findValuesAsString("message"))
                    .anyMatch(message -> message.contains("undefined_name"));
        }
        assertThat(admin.post("/lsp/" + projectId + "/completions", Map.of("file_path", "../../etc/passwd", "line", 1,
                "character", 0)).status()).isEqualTo(403);

        JsonNode stopped = admin.delete("/lsp/" + projectId + "/shutdown?language=python").json();
        assertThat(stopped.get("status").asString()).isEqualTo("shutdown");
        assertThat(admin.get("/lsp/" + projectId + "/status?language=python").json().get("active").asBoolean()).isFalse();
    }

    @Test
    void aMissingServerIsA503NamingThePackageAndAnUnknownLanguageA422() {
        assertThat(admin.post("/lsp/" + projectId + "/initialize", Map.of("language", "cobol")).status()).isEqualTo(422);
        Map<String, String> programs = Map.of("java", "jdtls", "rust", "rust-analyzer", "javascript", "typescript-language-server");
        String absent = programs.keySet().stream().sorted().filter(language -> LanguageCatalog.find(programs.get(language)).isEmpty())
                .findFirst().orElse(null);
        Assumptions.assumeTrue(absent != null, "every language server is installed here: none to find missing");
        Api.Response missing = admin.post("/lsp/" + projectId + "/initialize", Map.of("language", absent, "workspace_path", "."));
        assertThat(missing.status()).isEqualTo(503);
        assertThat(missing.json().get("detail").asString()).contains("install " + programs.get(absent));
        assertThat(admin.post("/lsp/" + projectId + "/initialize", Map.of("language", "cobol")).status()).isEqualTo(422);
        assertThat(admin.post("/lsp/424242/initialize", Map.of("language", "python")).status()).isEqualTo(404);
    }
}
