package dev.gathering.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.gathering.support.Api;
import dev.gathering.support.BrowserTest;
import dev.gathering.support.FakeLlmServer;
import dev.gathering.support.FakeLlmServer.Reply;
import dev.gathering.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The issue's "done when", in a real browser and without a terminal: sign in, create an agent and chat with it,
 * create a circle, add members and a task, and watch the agents work it on the board without a reload. The only
 * thing prepared through the API is a provider (an in-test LLM server speaking OpenAI's protocol), as an
 * administrator's environment variables would.
 */
class FirstSessionTest extends BrowserTest {

    @RegisterExtension
    static final FakeLlmServer llm = new FakeLlmServer();

    @Test
    void aNewUserGetsAgentsWorkingATaskWithoutATerminal() {
        llm.respond(request -> FakeLlmServer.lastUserText(request).contains("Review the work")
                ? Reply.text("DECISION: APPROVE\nSCORE: 88\nCOMMENTS: clear and complete").after(Duration.ofMillis(2500))
                : FakeLlmServer.lastUserText(request).contains("task #")
                ? Reply.text("Here is the tokenizer: it splits the input on whitespace and punctuation.").after(Duration.ofMillis(2500))
                : Reply.text("Hello! I am ready to help with parsers and tokenizers.").streamedEvery(Duration.ofMillis(80)));
        String provider = Fixtures.provider(admin(), "openai", llm.url() + "/v1");

        // sign in
        browser.open("/");
        assertThat(browser.driver().getCurrentUrl()).contains("/ui/login");
        browser.type("#email", ADMIN_EMAIL);
        browser.type("#password", ADMIN_PASSWORD, Keys.ENTER);
        browser.awaitText("h1", "Overview");

        // create two agents, chat with the first
        List<Long> agents = new ArrayList<>();
        for (String[] agent : new String[][] {{"Tess", "Tokenizer engineer", "parsing"}, {"Rex", "Code reviewer", ""}}) {
            browser.click(".nav-link[href='/ui/agents']");
            browser.type("#agent-name", agent[0]);
            browser.type("#agent-role", agent[1]);
            new Select(browser.find("#agent-provider")).selectByVisibleText(provider);
            browser.type("#agent-model", "gpt-test");
            browser.type("#agent-competencies", agent[2]);
            if (agent[2].isEmpty()) {
                browser.type("#agent-reviews", "all");
            }
            browser.click("[data-testid=new-agent-form] button[type=submit]");
            browser.awaitText(".notice", "Agent created");
            String url = browser.driver().getCurrentUrl().replaceAll("\\?.*", "");
            agents.add(Long.parseLong(url.substring(url.lastIndexOf('/') + 1)));
        }
        browser.open("/ui/agents/" + agents.getFirst());
        browser.awaitLive();
        browser.type("#chat-message", "Hi Tess, who are you?", Keys.ENTER);
        new WebDriverWait(browser.driver(), Duration.ofSeconds(20))
                .until(d -> "true".equals(browser.find("[data-testid=chat-answer]").getAttribute("data-done")));
        assertThat(browser.find("[data-testid=chat-answer]").getText()).startsWith("Hello! I am ready to help");

        // create a circle, add both agents, start it
        browser.click(".nav-link[href='/ui/circles']");
        String circle = Fixtures.unique("first-team");
        browser.type("#circle-name", circle);
        browser.click("[data-testid=new-circle-form] button[type=submit]");
        browser.awaitText("h1", circle);
        browser.awaitLive();
        browser.script("window.__sameDocument = true");
        for (String member : List.of("Tess — Tokenizer engineer", "Rex — Code reviewer")) {
            new Select(browser.find("#member-agent")).selectByVisibleText(member);
            browser.click("[data-testid=new-member-form] button[type=submit]");
            browser.awaitText("[data-testid=members]", member.substring(0, member.indexOf(' ')));
        }
        browser.click("[data-testid=start-circle]");
        browser.await("[data-testid=stop-circle]");

        // add a task and watch it go through the columns as the agents work
        browser.type("#task-title", "Write the tokenizer");
        browser.type("#task-competencies", "parsing");
        browser.click("[data-testid=new-task-form] button[type=submit]");
        List<String> columns = new ArrayList<>();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(40)).pollingEvery(Duration.ofMillis(100))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> {
                    var cards = d.findElements(By.cssSelector("[data-testid=task-card]"));
                    if (!cards.isEmpty()) {
                        String column = cards.getFirst().findElement(By.xpath("ancestor::section[@data-column]"))
                                .getAttribute("data-column");
                        if (columns.isEmpty() || !columns.getLast().equals(column)) {
                            columns.add(column);
                        }
                    }
                    return !columns.isEmpty() && columns.getLast().equals("done");
                });
        // each step takes the agents 2.5 s, more than the board's refresh interval (1 s): every column shows
        assertThat(columns).as("the columns the task went through").contains("in_progress", "review").endsWith("done");
        assertThat(browser.script("return window.__sameDocument")).as("no reload happened").isEqualTo(true);
        assertThat(browser.textOf("[data-testid=task-card]", "Write the tokenizer"))
                .contains("completed", "Tess", "Here is the tokenizer");
        browser.awaitText("[data-testid=members]", "1 done");
        browser.screenshot("first-session-board");
        browser.assertNoErrors();

        Api admin = admin();
        assertThat(admin.get("/circles/" + circle + "/metrics").json().get("completed_tasks").asInt()).isEqualTo(1);

        browser.click(".nav-link[href='/ui/']");
        browser.awaitLive();
        browser.awaitText("[data-testid=event-feed]", "Write the tokenizer");
        browser.fullPageScreenshot("overview-full");
        browser.assertNoErrors();
    }
}
