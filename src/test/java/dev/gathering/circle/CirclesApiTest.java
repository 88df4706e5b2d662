package dev.gathering.circle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

import dev.gathering.support.Api;
import dev.gathering.support.Fixtures;
import dev.gathering.support.IntegrationTest;
import dev.gathering.support.StatementCounter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Circles driven by humans through the API (auto_route off unless said, so no agent works on its own). */
class CirclesApiTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StatementCounter counter;

    Api admin;

    @BeforeEach
    void login() {
        admin = admin();
    }

    private String circle(boolean autoRoute, boolean requireReview) {
        String name = Fixtures.unique("team");
        Api.Response created = admin.post("/circles", Map.of("name", name, "auto_route", autoRoute, "require_review", requireReview));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return name;
    }

    private long member(String circle, String name, List<String> competencies, List<String> canReview) {
        long agent = Fixtures.agent(admin, name, "local", "local-responder", Map.of());
        Api.Response added = admin.post("/circles/" + circle + "/agents", Map.of("agent_id", agent,
                "competencies", competencies, "can_review", canReview));
        assertThat(added.status()).as(added.toString()).isEqualTo(200);
        return agent;
    }

    private long task(String circle, Map<String, Object> body) {
        Api.Response created = admin.post("/circles/" + circle + "/tasks", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    @Test
    void circlesAreCreatedListedDescribedStartedStoppedAndDeleted() {
        String name = circle(false, true);

        JsonNode detail = admin.get("/circles/" + name).json();
        Api.Response duplicate = admin.post("/circles", Map.of("name", name.toUpperCase()));
        JsonNode started = admin.post("/circles/" + name + "/start").json();
        JsonNode again = admin.post("/circles/" + name + "/start").json();
        JsonNode listed = admin.get("/circles?limit=500").json();
        JsonNode stopped = admin.post("/circles/" + name + "/stop").json();
        JsonNode stoppedAgain = admin.post("/circles/" + name + "/stop").json();

        assertThat(detail.get("id").asString()).isEqualTo(name);
        assertThat(detail.get("status").asString()).isEqualTo("stopped");
        assertThat(detail.get("require_review").asBoolean()).isTrue();
        assertThat(detail.get("auto_route").asBoolean()).isFalse();
        assertThat(detail.get("agents").size()).isZero();
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(started.get("status").asString()).isEqualTo("started");
        assertThat(again.get("status").asString()).isEqualTo("already_running");
        assertThat(listed.get("circles").findValuesAsString("name")).contains(name);
        assertThat(stopped.get("status").asString()).isEqualTo("stopped");
        assertThat(stoppedAgain.get("status").asString()).isEqualTo("already_stopped");
        assertThat(admin.delete("/circles/" + name).status()).isEqualTo(204);
        assertThat(admin.get("/circles/" + name).status()).isEqualTo(404);
        assertThat(admin.get("/circles/" + name).json().get("detail").asString()).isEqualTo("Circle '" + name + "' not found");
        assertThat(admin.post("/circles", Map.of("name", "bad name")).status()).isEqualTo(422);
    }

    @Test
    void membersJoinWithJsonOrUpstreamQueryParametersAndLeave() {
        String name = circle(false, true);
        long agent = Fixtures.agent(admin, "Csv", "local", "local-responder", Map.of());
        long other = Fixtures.agent(admin, "Json", "local", "local-responder", Map.of());

        Api.Response byQuery = admin.post("/circles/" + name + "/agents?agent_id=" + agent
                + "&agent_name=ignored&competencies=python,%20sql,&can_review=python");
        Api.Response byJson = admin.post("/circles/" + name + "/agents", Map.of("agent_id", other, "competencies", List.of("go")));
        Api.Response twice = admin.post("/circles/" + name + "/agents?agent_id=" + agent);
        JsonNode detail = admin.get("/circles/" + name).json();
        Api.Response removed = admin.delete("/circles/" + name + "/agents/" + agent);
        Api.Response removedAgain = admin.delete("/circles/" + name + "/agents/" + agent);

        assertThat(byQuery.json().get("status").asString()).isEqualTo("added");
        assertThat(byQuery.json().get("agent").get("competencies").toString()).isEqualTo("[\"python\",\"sql\"]");
        assertThat(byJson.json().get("agent").get("competencies").toString()).isEqualTo("[\"go\"]");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(detail.get("agent_count").asInt()).isEqualTo(2);
        assertThat(detail.get("agents").get(0).get("provider").asString()).isEqualTo("local");
        assertThat(detail.get("agents").get(0).get("model").asString()).isEqualTo("local-responder");
        assertThat(removed.json().get("status").asString()).isEqualTo("removed");
        assertThat(removedAgain.status()).isEqualTo(404);
        assertThat(admin.post("/circles/" + name + "/agents?agent_id=999999").status()).isEqualTo(400);
        assertThat(admin.post("/circles/" + name + "/agents").status()).isEqualTo(422);
    }

    @Test
    void tasksNeedARunningCircleAndValidInput() {
        String name = circle(false, true);

        Api.Response stopped = admin.post("/circles/" + name + "/tasks", Map.of("title", "t"));
        admin.post("/circles/" + name + "/start");
        Api.Response noTitle = admin.post("/circles/" + name + "/tasks", Map.of("description", "x"));
        Api.Response badPriority = admin.post("/circles/" + name + "/tasks", Map.of("title", "t", "priority", "whenever"));
        JsonNode critical = admin.post("/circles/" + name + "/tasks", Map.of("title", "t", "priority", "critical")).json();

        assertThat(stopped.status()).isEqualTo(400);
        assertThat(stopped.json().get("detail").asString()).startsWith("Circle must be running to create tasks");
        assertThat(noTitle.status()).isEqualTo(422);
        assertThat(badPriority.status()).isEqualTo(422);
        assertThat(critical.get("priority").asInt()).isEqualTo(1);
        assertThat(critical.get("status").asString()).isEqualTo("pending");
        assertThat(admin.get("/circles/" + name + "/tasks?status_filter=bogus").status()).isEqualTo(422);
        assertThat(admin.get("/circles/" + name + "/tasks/999999").status()).isEqualTo(404);
    }

    @Test
    void aTaskGoesThroughClaimSubmitReviewAndEveryIllegalStepIsRefused() {
        String name = circle(false, true);
        long dev = member(name, "Dev", List.of("python"), List.of());
        long reviewer = member(name, "Rev", List.of(), List.of("all"));
        admin.post("/circles/" + name + "/start");
        long task = task(name, Map.of("title", "Parse dates", "required_competencies", List.of("python")));
        String base = "/circles/" + name + "/tasks/" + task;

        assertThat(admin.post(base + "/submit", Map.of("result", "early")).status()).isEqualTo(409);
        Api.Response illegalApprove = admin.post(base + "/approve?reviewer_id=" + reviewer);
        assertThat(illegalApprove.status()).isEqualTo(409);
        assertThat(illegalApprove.json().get("detail").asString()).contains("is pending");
        assertThat(illegalApprove.json().get("current_status").asString()).isEqualTo("pending");

        JsonNode claimed = admin.post(base + "/claim", Map.of("agent_id", dev)).json();
        assertThat(claimed.get("status").asString()).isEqualTo("in_progress");
        assertThat(claimed.get("assigned_agent_id").asLong()).isEqualTo(dev);
        assertThat(claimed.get("assigned_agent_name").asString()).isEqualTo("Dev");
        assertThat(admin.post(base + "/claim", Map.of("agent_id", reviewer)).status()).isEqualTo(409);

        JsonNode submitted = admin.post(base + "/submit", Map.of("result", "def parse(): ...", "files_modified", List.of("dates.py"))).json();
        assertThat(submitted.get("status").asString()).isEqualTo("review");
        assertThat(submitted.get("reviewer_id").asLong()).isEqualTo(reviewer);
        assertThat(admin.post(base + "/approve?reviewer_id=" + dev).status()).as("author reviewing own work").isEqualTo(400);

        JsonNode changes = admin.post(base + "/request-changes?reviewer_id=" + reviewer + "&comments=handle%20timezones").json();
        assertThat(changes.get("status").asString()).isEqualTo("changes_requested");
        JsonNode back = admin.get(base).json();
        assertThat(back.get("status").asString()).isEqualTo("in_progress");
        assertThat(back.get("iteration").asInt()).isEqualTo(2);
        assertThat(back.get("review_comments").asString()).isEqualTo("handle timezones");

        admin.post(base + "/submit", Map.of("result", "def parse(tz): ..."));
        JsonNode approved = admin.post(base + "/approve?reviewer_id=" + reviewer + "&comments=good&score=90").json();
        assertThat(approved.get("status").asString()).isEqualTo("approved");
        JsonNode done = admin.get(base).json();
        assertThat(done.get("status").asString()).isEqualTo("completed");
        assertThat(done.get("completed_at").isNull()).isFalse();
        assertThat(admin.post(base + "/cancel").status()).isEqualTo(409);

        JsonNode metrics = admin.get("/circles/" + name + "/metrics").json();
        JsonNode devMetrics = metrics.get("agents").valueStream().filter(a -> a.get("agent_id").asLong() == dev).findFirst().orElseThrow();
        assertThat(devMetrics.get("tasks_completed").asInt()).isEqualTo(1);
        assertThat(devMetrics.get("approval_rate").asDouble()).isEqualTo(0.5);
        assertThat(devMetrics.get("average_quality_score").asDouble()).isEqualTo(90.0);
        assertThat(metrics.get("completed_tasks").asInt()).isEqualTo(1);
        assertThat(admin.get("/agents/" + dev).json().get("status").asString()).isEqualTo("idle");
        assertThat(jdbc.sql("SELECT tasks_completed FROM agent.agents WHERE id = ?").param(dev).query(Integer.class).single())
                .isEqualTo(1);
    }

    @Test
    void withoutReviewASubmissionCompletesAndARejectionBlocksWithAnEscalation() {
        String direct = circle(false, false);
        long solo = member(direct, "Solo", List.of(), List.of());
        admin.post("/circles/" + direct + "/start");
        long quick = task(direct, Map.of("title", "Quick fix"));
        admin.post("/circles/" + direct + "/tasks/" + quick + "/claim", Map.of("agent_id", solo));
        assertThat(admin.post("/circles/" + direct + "/tasks/" + quick + "/submit", Map.of("result", "done")).json()
                .get("status").asString()).isEqualTo("completed");

        String reviewed = circle(false, true);
        long author = member(reviewed, "Author", List.of(), List.of());
        long critic = member(reviewed, "Critic", List.of(), List.of("quality"));
        admin.post("/circles/" + reviewed + "/start");
        long task = task(reviewed, Map.of("title", "Risky change"));
        String base = "/circles/" + reviewed + "/tasks/" + task;
        admin.post(base + "/claim", Map.of("agent_id", author));
        admin.post(base + "/submit", Map.of("result", "rm -rf"));

        assertThat(admin.post(base + "/reject?reviewer_id=" + critic).status()).isEqualTo(422);
        JsonNode rejected = admin.post(base + "/reject?reviewer_id=" + critic + "&reason=destroys%20data").json();

        assertThat(rejected.get("status").asString()).isEqualTo("rejected");
        assertThat(admin.get(base).json().get("status").asString()).isEqualTo("blocked");
        assertThat(jdbc.sql("SELECT reason FROM circle.escalations WHERE task_id = ?").param(task).query(String.class).single())
                .contains("rejected").contains("destroys data");
        assertThat(admin.get("/circles/" + reviewed + "/tasks?status_filter=blocked").json().get("total").asInt()).isEqualTo(1);
        assertThat(admin.post(base + "/cancel").json().get("status").asString()).isEqualTo("cancelled");
    }

    @Test
    void ofManyConcurrentClaimsExactlyOneWins() throws Exception {
        String name = circle(false, true);
        List<Long> agents = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            agents.add(member(name, "Racer " + i, List.of(), List.of()));
        }
        admin.post("/circles/" + name + "/start");
        long task = task(name, Map.of("title", "Contested"));

        List<CompletableFuture<Api.Response>> claims = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 12; i++) {
                long agent = agents.get(i % agents.size());
                Api client = admin.withClientIp(Api.randomClientIp());
                claims.add(CompletableFuture.supplyAsync(() -> client.post("/circles/" + name + "/tasks/" + task + "/claim",
                        Map.of("agent_id", agent)), executor));
            }
        }
        List<Integer> statuses = claims.stream().map(CompletableFuture::join).map(Api.Response::status).toList();

        assertThat(statuses).containsOnly(200, 409);
        assertThat(statuses.stream().filter(status -> status == 200).count()).isEqualTo(1);
    }

    @Test
    void routingOffersATaskToTheMemberWithTheCompetency() {
        String name = circle(true, true);
        admin.post("/circles/" + name + "/start");
        // stop so that no agent works on the offers while the test reads them
        long javaDev = member(name, "Java", List.of("java"), List.of());
        long pythonDev = member(name, "Python", List.of("python"), List.of());
        admin.post("/circles/" + name + "/stop");
        jdbc.sql("UPDATE circle.circles SET status = 'running' WHERE name = ?").param(name).update();
        jdbc.sql("UPDATE circle.circles SET auto_route = true WHERE name = ?").param(name).update();
        jdbc.sql("UPDATE circle.circles SET max_concurrent_tasks = 1 WHERE name = ?").param(name).update();

        JsonNode python = admin.post("/circles/" + name + "/tasks", Map.of("title", "py", "required_competencies", List.of("python"))).json();
        JsonNode nobody = admin.post("/circles/" + name + "/tasks", Map.of("title", "rs", "required_competencies", List.of("rust"))).json();

        assertThat(python.get("offered_agent_id").asLong()).isEqualTo(pythonDev);
        assertThat(nobody.get("offered_agent_id").isNull()).isTrue();
        assertThat(javaDev).isNotEqualTo(pythonDev);
    }

    @Test
    void fileCollisionsAreDetectedPersistedAndResolvable() {
        String name = circle(false, true);
        long first = member(name, "First", List.of(), List.of());
        long second = member(name, "Second", List.of(), List.of());
        String claim = "/circles/" + name + "/files/claim";

        JsonNode free = admin.post(claim, Map.of("agent_id", first, "path", "src/app.py")).json();
        JsonNode collision = admin.post(claim, Map.of("agent_id", second, "path", "src/app.py")).json();
        JsonNode conflicts = admin.get("/circles/" + name + "/conflicts").json();
        Api.Response wrongRelease = admin.post("/circles/" + name + "/files/release", Map.of("agent_id", second, "path", "src/app.py"));
        admin.post("/circles/" + name + "/files/release", Map.of("agent_id", first, "path", "src/app.py"));
        JsonNode afterRelease = admin.post(claim, Map.of("agent_id", second, "path", "src/app.py")).json();
        long conflictId = conflicts.get("conflicts").get(0).get("id").asLong();
        JsonNode resolved = admin.post("/circles/" + name + "/conflicts/" + conflictId + "/resolve",
                Map.of("resolution", "second agent waits")).json();

        assertThat(free.get("claimed").asBoolean()).isTrue();
        assertThat(free.get("conflict").isNull()).isTrue();
        assertThat(collision.get("claimed").asBoolean()).isFalse();
        assertThat(collision.get("holder_agent_id").asLong()).isEqualTo(first);
        assertThat(collision.get("conflict").get("type").asString()).isEqualTo("file_collision");
        assertThat(collision.get("conflict").get("agents").toString()).isEqualTo("[" + first + "," + second + "]");
        assertThat(conflicts.get("total").asInt()).isEqualTo(1);
        assertThat(wrongRelease.status()).isEqualTo(409);
        assertThat(afterRelease.get("claimed").asBoolean()).isTrue();
        assertThat(afterRelease.get("conflict").isNull()).isTrue();
        assertThat(resolved.get("resolved").asBoolean()).isTrue();
        assertThat(admin.get("/circles/" + name + "/conflicts").json().get("total").asInt()).isZero();
        assertThat(admin.post("/circles/" + name + "/conflicts/" + conflictId + "/resolve", Map.of("resolution", "x")).status())
                .isEqualTo(409);
    }

    @Test
    void readsRunAFixedNumberOfStatementsWhateverTheRows() {
        String small = circle(false, true);
        member(small, "Only", List.of("a"), List.of());
        String big = circle(false, true);
        for (int i = 0; i < 20; i++) {
            member(big, "Member " + i, List.of("a"), List.of());
        }
        long bigId = admin.get("/circles/" + big).json().get("circle_id").asLong();
        jdbc.sql("INSERT INTO circle.tasks (circle_id, title) SELECT ?, 'bulk ' || n FROM generate_series(1, 1000) n")
                .param(bigId).update();

        int smallDetail = counter.countGet(admin, "/circles/" + small);
        int bigDetail = counter.countGet(admin, "/circles/" + big);
        assertThat(bigDetail).isEqualTo(smallDetail).isLessThanOrEqualTo(2);
        assertThat(counter.countGet(admin, "/circles?limit=1")).isEqualTo(counter.countGet(admin, "/circles?limit=100"));
        assertThat(counter.countGet(admin, "/circles/" + big + "/tasks?limit=1000"))
                .isEqualTo(counter.countGet(admin, "/circles/" + small + "/tasks")).isLessThanOrEqualTo(2);
        assertThat(counter.countGet(admin, "/circles/" + big + "/metrics")).isEqualTo(2);
        assertThat(admin.get("/circles/" + big + "/tasks?limit=1000").json().get("total").asInt()).isEqualTo(1000);
    }
}
