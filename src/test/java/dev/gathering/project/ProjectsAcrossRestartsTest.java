package dev.gathering.project;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.gathering.support.Api;
import dev.gathering.support.IntegrationTest;
import dev.gathering.support.TestDatabases;
import dev.gathering.support.TestHomes;
import dev.gathering.support.TestRepos;
import dev.gathering.support.TestServer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Projects, their links, saved credentials and the activity feed are in the database: a restart loses none of them. */
class ProjectsAcrossRestartsTest {

    @Test
    void projectsAndActivitiesSurviveARestart() throws Exception {
        String database = TestDatabases.create();
        Path home = TestHomes.create();
        Path allowed = Files.createTempDirectory("restart-allowed").toRealPath();
        Path folder = TestRepos.create(allowed.resolve("kept"), Map.of("app.py", "print('v1')\n"));
        long projectId;
        try (TestServer first = server(database, home, allowed)) {
            Api admin = first.api().login(IntegrationTest.ADMIN_EMAIL, IntegrationTest.ADMIN_PASSWORD);
            projectId = admin.post("/projects", Map.of("name", "kept", "path", folder.toString(), "git_token", "tok-123"))
                    .json().get("id").asLong();
            long circleId = admin.post("/circles", Map.of("name", "keepers")).json().get("circle_id").asLong();
            assertThat(admin.post("/projects/" + projectId + "/circles/" + circleId).status()).isEqualTo(201);
            admin.send(admin.request("/workspace/" + projectId + "/file?path=app.py").header("Content-Type", "application/json")
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"content\": \"print('v2')\\n\", \"create_backup\": false}")));
            admin.post("/workspace/" + projectId + "/git/stage", java.util.List.of("app.py"));
            assertThat(admin.post("/workspace/" + projectId + "/git/commit", Map.of("message", "v2")).status()).isEqualTo(200);
            admin.post("/workspace/" + projectId + "/activities", Map.of("activity_type", "discussion",
                    "details", Map.of("topic", "release")));
        }

        try (TestServer second = server(database, home, allowed)) {
            Api admin = second.api().login(IntegrationTest.ADMIN_EMAIL, IntegrationTest.ADMIN_PASSWORD);
            JsonNode project = admin.get("/projects/" + projectId).json();
            assertThat(project.get("name").asString()).isEqualTo("kept");
            assertThat(project.get("circle_count").asInt()).isEqualTo(1);
            assertThat(project.get("git_token_set").asBoolean()).isTrue();
            JsonNode feed = admin.get("/workspace/" + projectId + "/activities").json();
            assertThat(feed.get("total").asLong()).isEqualTo(3);
            assertThat(feed.get("activities").findValuesAsString("activity_type"))
                    .containsExactly("discussion", "commit", "file_edited");
            assertThat(feed.get("activities").get(0).get("details").get("topic").asString()).isEqualTo("release");
            assertThat(admin.get("/workspace/" + projectId + "/git/commits").json().get("commits").get(0).get("subject")
                    .asString()).isEqualTo("v2");
        }
    }

    private static TestServer server(String database, Path home, Path allowed) {
        return TestServer.on(database).set("gathering.home", home.toString())
                .set("gathering.workspace.allowed", allowed.toString()).start();
    }
}
