package dev.gathering.circle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import dev.gathering.support.Api;
import dev.gathering.support.FakeLlmServer;
import dev.gathering.support.FakeLlmServer.Reply;
import dev.gathering.support.Fixtures;
import dev.gathering.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** A running, auto-routed circle whose agents do and review the work through their models (a fake provider). */
class AgentsWorkCirclesTest extends IntegrationTest {

    @RegisterExtension
    static final FakeLlmServer llm = new FakeLlmServer();
    final ConcurrentLinkedQueue<String> reviews = new ConcurrentLinkedQueue<>();
    final AtomicInteger workRound = new AtomicInteger();

    @Autowired
    JdbcClient jdbc;

    Api admin;
    String provider;

    @BeforeEach
    void setUp() {
        llm.respond(request -> FakeLlmServer.lastUserText(request).contains("Review the work")
                ? Reply.text(reviews.isEmpty() ? "DECISION: APPROVE\nSCORE: 80\nCOMMENTS: fine" : reviews.poll())
                : Reply.text("Implementation v" + workRound.incrementAndGet()));
        admin = admin();
        provider = Fixtures.provider(admin, "openai", llm.url() + "/v1");
    }

    private record Team(String circle, long dev, long reviewer) {
    }

    private Team team(boolean requireReview, int maxConcurrent) {
        String circle = Fixtures.unique("auto");
        admin.post("/circles", Map.of("name", circle, "require_review", requireReview, "max_concurrent_tasks", maxConcurrent));
        long dev = Fixtures.agent(admin, "Dev", provider, "gpt-test", Map.of());
        long reviewer = Fixtures.agent(admin, "Reviewer", provider, "gpt-test", Map.of());
        admin.post("/circles/" + circle + "/agents", Map.of("agent_id", dev, "competencies", List.of("python")));
        admin.post("/circles/" + circle + "/agents", Map.of("agent_id", reviewer, "can_review", List.of("all")));
        admin.post("/circles/" + circle + "/start");
        return new Team(circle, dev, reviewer);
    }

    private long task(String circle, String title) {
        return admin.post("/circles/" + circle + "/tasks", Map.of("title", title, "required_competencies", List.of("python")))
                .json().get("id").asLong();
    }

    private JsonNode awaitStatus(String circle, long task, String status) {
        await().atMost(Duration.ofSeconds(20)).until(() ->
                admin.get("/circles/" + circle + "/tasks/" + task).json().get("status").asString().equals(status));
        return admin.get("/circles/" + circle + "/tasks/" + task).json();
    }

    @Test
    void offeredWorkIsClaimedDoneReviewedAndApprovedByTheAgents() {
        Team team = team(true, 5);
        reviews.add("DECISION: APPROVE\nSCORE: 91\nCOMMENTS: clear and tested");

        long task = task(team.circle(), "Write the parser");
        JsonNode done = awaitStatus(team.circle(), task, "completed");

        assertThat(done.get("assigned_agent_id").asLong()).isEqualTo(team.dev());
        assertThat(done.get("reviewer_id").asLong()).isEqualTo(team.reviewer());
        assertThat(done.get("executor").asString()).isEqualTo("agent");
        assertThat(done.get("result").asString()).isEqualTo("Implementation v1");
        String workPrompt = llm.received().stream().map(FakeLlmServer::lastUserText)
                .filter(text -> text.contains("Write the parser")).findFirst().orElseThrow();
        assertThat(workPrompt).contains("task #" + task, "Required competencies: python");
        JsonNode history = admin.get("/events/history?limit=200").json();
        List<String> types = history.findValuesAsString("type");
        for (String type : List.of("task.created", "task.offered", "task.claimed", "task.submitted", "review.requested",
                "review.approved", "task.completed")) {
            assertThat(types).as(type).contains(type);
        }
        JsonNode metrics = admin.get("/circles/" + team.circle() + "/metrics").json().get("agents");
        JsonNode dev = metrics.valueStream().filter(m -> m.get("agent_id").asLong() == team.dev()).findFirst().orElseThrow();
        assertThat(dev.get("tasks_completed").asInt()).isEqualTo(1);
        assertThat(dev.get("average_quality_score").asDouble()).isEqualTo(91.0);
        assertThat(admin.get("/agents/" + team.dev() + "/history").json().get("total").asInt()).isEqualTo(2);
    }

    @Test
    void requestedChangesSendTheWorkBackWithTheReviewersComments() {
        Team team = team(true, 5);
        reviews.add("DECISION: REQUEST_CHANGES\nSCORE: 40\nCOMMENTS: handle empty input");
        reviews.add("DECISION: APPROVE\nSCORE: 85\nCOMMENTS: good now");

        long task = task(team.circle(), "Validate input");
        JsonNode done = awaitStatus(team.circle(), task, "completed");

        assertThat(done.get("iteration").asInt()).isEqualTo(2);
        assertThat(done.get("result").asString()).isEqualTo("Implementation v2");
        assertThat(llm.received().stream().map(FakeLlmServer::lastUserText)
                .anyMatch(text -> text.contains("The reviewer asked for changes") && text.contains("handle empty input")
                        && text.contains("Implementation v1"))).isTrue();
        JsonNode metrics = admin.get("/circles/" + team.circle() + "/metrics").json().get("agents");
        JsonNode dev = metrics.valueStream().filter(m -> m.get("agent_id").asLong() == team.dev()).findFirst().orElseThrow();
        assertThat(dev.get("approval_rate").asDouble()).isEqualTo(0.5);
    }

    @Test
    void aRejectionBlocksTheTaskWithAnEscalation() {
        Team team = team(true, 5);
        reviews.add("DECISION: REJECT\nSCORE: 5\nCOMMENTS: deletes production data");

        long task = task(team.circle(), "Clean up tables");
        awaitStatus(team.circle(), task, "blocked");

        assertThat(jdbc.sql("SELECT reason FROM circle.escalations WHERE task_id = ?").param(task).query(String.class).single())
                .contains("rejected", "deletes production data");
    }

    @Test
    void anUnreadableReviewIsRetriedOnceThenEscalated() {
        Team team = team(true, 5);
        reviews.add("Looks fine I guess");
        reviews.add("Still no format");

        long task = task(team.circle(), "Ambiguous work");
        awaitStatus(team.circle(), task, "blocked");

        long reviewRequests = llm.received().stream().map(FakeLlmServer::lastUserText).filter(t -> t.contains("Review the work")).count();
        assertThat(reviewRequests).isEqualTo(2);
        assertThat(llm.received().stream().map(FakeLlmServer::lastUserText)
                .anyMatch(text -> text.contains("Your previous review could not be read"))).isTrue();
        assertThat(jdbc.sql("SELECT reason FROM circle.escalations WHERE task_id = ?").param(task).query(String.class).single())
                .contains("could not be read");
    }

    @Test
    void noMoreThanMaxConcurrentTasksRunAtOnce() {
        llm.respond(request -> Reply.text("done").after(Duration.ofMillis(300)));
        Team team = team(false, 1);
        long other = Fixtures.agent(admin, "Dev 2", provider, "gpt-test", Map.of());
        admin.post("/circles/" + team.circle() + "/agents", Map.of("agent_id", other, "competencies", List.of("python")));

        List<Long> tasks = List.of(task(team.circle(), "one"), task(team.circle(), "two"), task(team.circle(), "three"));
        for (long task : tasks) {
            awaitStatus(team.circle(), task, "completed");
        }

        assertThat(llm.maxInFlight()).isEqualTo(1);
    }

    @Test
    void workTheProviderRefusesFailsTheTaskWithTheReason() {
        llm.respond(request -> Reply.error(401));
        Team team = team(true, 5);

        long task = task(team.circle(), "Doomed");
        JsonNode failed = awaitStatus(team.circle(), task, "failed");

        assertThat(failed.get("failure_reason").asString()).contains("rejected the API key");
        JsonNode metrics = admin.get("/circles/" + team.circle() + "/metrics").json();
        assertThat(metrics.get("failed_tasks").asInt()).isEqualTo(1);
    }

    @Test
    void stoppingACircleLetsRunningWorkFinish() {
        llm.respond(request -> Reply.text("finished work").after(Duration.ofMillis(800)));
        Team team = team(false, 5);
        long task = task(team.circle(), "Long job");
        await().atMost(Duration.ofSeconds(10)).until(() -> llm.received().size() == 1);

        JsonNode stopped = admin.post("/circles/" + team.circle() + "/stop").json();

        assertThat(stopped.get("status").asString()).isEqualTo("stopped");
        assertThat(admin.get("/circles/" + team.circle() + "/tasks/" + task).json().get("status").asString()).isEqualTo("completed");
        assertThat(admin.get("/circles/" + team.circle()).json().get("status").asString()).isEqualTo("stopped");
    }
}
