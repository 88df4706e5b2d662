package dev.gathering.circle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.gathering.support.Api;
import dev.gathering.support.BrowserTest;
import dev.gathering.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** A circle's board in a real browser: it follows the circle's tasks live, and humans review from it. */
class CircleBoardTest extends BrowserTest {

    private record Team(String circle, long dev, long reviewer) {
    }

    /** A running circle whose tasks humans move (no agent works them). */
    private Team humanCircle(Api admin) {
        String circle = Fixtures.unique("board");
        admin.post("/circles", Map.of("name", circle, "auto_route", false));
        long dev = Fixtures.agent(admin, "Board Dev", "local", "local-responder", Map.of());
        long reviewer = Fixtures.agent(admin, "Board Reviewer", "local", "local-responder", Map.of());
        admin.post("/circles/" + circle + "/agents", Map.of("agent_id", dev, "competencies", List.of("python")));
        admin.post("/circles/" + circle + "/agents", Map.of("agent_id", reviewer, "can_review", List.of("all")));
        admin.post("/circles/" + circle + "/start");
        return new Team(circle, dev, reviewer);
    }

    private WebElement card(String title) {
        return browser.awaitText("[data-testid=task-card]", title);
    }

    private String columnOf(String title) {
        return card(title).findElement(org.openqa.selenium.By.xpath("ancestor::section[@data-column]")).getAttribute("data-column");
    }

    @Test
    void aTaskCreatedThroughTheApiAppearsAndMovesWithoutAReload() {
        Api admin = signedIn();
        Team team = humanCircle(admin);
        browser.open("/ui/circles/" + team.circle());
        browser.awaitLive();
        browser.script("window.__sameDocument = true");
        assertThat(browser.findAll("[data-testid=members] .member")).hasSize(2);

        long task = admin.post("/circles/" + team.circle() + "/tasks", Map.of("title", "Arrives by itself"))
                .json().get("id").asLong();
        awaitColumn("Arrives by itself", "pending");

        admin.post("/circles/" + team.circle() + "/tasks/" + task + "/claim", Map.of("agent_id", team.dev()));
        awaitColumn("Arrives by itself", "in_progress");
        admin.post("/circles/" + team.circle() + "/tasks/" + task + "/submit", Map.of("result", "Done: the parser"));
        awaitColumn("Arrives by itself", "review");
        browser.awaitText("[data-testid=task-card]", "Done: the parser");
        assertThat(browser.textOf("[data-testid=task-card]", "Arrives by itself")).contains("Board Dev");

        assertThat(browser.script("return window.__sameDocument")).as("no reload happened").isEqualTo(true);
        browser.screenshot("circle-board");
        browser.assertFieldsLabelled();
        browser.assertNoErrors();
    }

    @Test
    void aReviewerApprovesOrSendsBackWorkFromTheBoard() {
        Api admin = signedIn();
        Team team = humanCircle(admin);
        long first = admin.post("/circles/" + team.circle() + "/tasks", Map.of("title", "Approve me")).json().get("id").asLong();
        long second = admin.post("/circles/" + team.circle() + "/tasks", Map.of("title", "Change me")).json().get("id").asLong();
        for (long task : List.of(first, second)) {
            admin.post("/circles/" + team.circle() + "/tasks/" + task + "/claim", Map.of("agent_id", team.dev()));
            admin.post("/circles/" + team.circle() + "/tasks/" + task + "/submit", Map.of("result", "first try"));
        }
        browser.open("/ui/circles/" + team.circle());
        browser.awaitLive();

        card("Approve me");
        browser.click("#review-" + first + " summary");
        new Select(browser.find("#reviewer-" + first)).selectByVisibleText("Board Reviewer");
        browser.type("#comments-" + first, "Clean work");
        browser.click("#review-form-" + first + " button[value=approve]");
        awaitColumn("Approve me", "done");
        assertThat(admin.get("/circles/" + team.circle() + "/tasks/" + first).json().get("status").asString()).isEqualTo("completed");

        browser.click("#review-" + second + " summary");
        browser.type("#comments-" + second, "Handle empty input");
        browser.click("#review-form-" + second + " button[value=request-changes]");
        awaitColumn("Change me", "in_progress");
        browser.awaitText("[data-testid=task-card]", "iteration 2");
        browser.awaitText("[data-testid=task-card]", "Handle empty input");
        browser.assertNoErrors();
    }

    @Test
    void theBoardCreatesTasksAndAddsMembers() {
        Api admin = signedIn();
        String circle = Fixtures.unique("built");
        admin.post("/circles", Map.of("name", circle, "auto_route", false));
        Fixtures.agent(admin, "Joins Later", "local", "local-responder", Map.of());
        browser.open("/ui/circles/" + circle);
        browser.awaitLive();
        assertThat(browser.textOf("[data-testid=members-empty]", "")).contains("No members yet");

        new Select(browser.find("#member-agent")).selectByVisibleText("Joins Later — test engineer");
        browser.type("#member-competencies", "go");
        browser.click("[data-testid=new-member-form] button[type=submit]");
        browser.awaitText("[data-testid=members] .member", "Joins Later");

        browser.click("[data-testid=start-circle]");
        browser.await("[data-testid=stop-circle]");
        browser.type("#task-title", "Typed in the board");
        browser.click("[data-testid=new-task-form] button[type=submit]");
        awaitColumn("Typed in the board", "pending");
        assertThat(browser.find("#task-title").getAttribute("value")).as("the form is emptied").isEmpty();
        browser.assertNoErrors();
    }

    private void awaitColumn(String title, String column) {
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Duration.ofSeconds(20))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> column.equals(columnOf(title)));
    }
}
