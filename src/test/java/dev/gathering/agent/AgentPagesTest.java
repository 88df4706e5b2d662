package dev.gathering.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.gathering.support.Api;
import dev.gathering.support.BrowserTest;
import dev.gathering.support.FakeLlmServer;
import dev.gathering.support.FakeLlmServer.Reply;
import dev.gathering.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The agents pages in a real browser: the list, the creation form, an agent's page and its streaming chat. */
class AgentPagesTest extends BrowserTest {

    @RegisterExtension
    static final FakeLlmServer llm = new FakeLlmServer();

    @Test
    void anAgentCreatedInTheFormAnswersInTheChatTokenByToken() {
        Api admin = signedIn();
        String provider = Fixtures.provider(admin, "openai", llm.url() + "/v1");
        String answer = "Parsers turn text into trees and trees into meaning for the interpreter";
        llm.byDefault(Reply.text(answer).streamedEvery(Duration.ofMillis(120)));

        browser.open("/ui/agents");
        browser.find("#agent-name").sendKeys("Streaming Ada");
        browser.find("#agent-role").sendKeys("Parser specialist");
        new Select(browser.find("#agent-provider")).selectByVisibleText(provider);
        browser.find("#agent-model").sendKeys("gpt-test");
        browser.find("#agent-competencies").sendKeys("python, parsing");
        browser.find("[data-testid=new-agent-form] button[type=submit]").click();

        browser.awaitText(".notice", "Agent created");
        assertThat(browser.driver().getCurrentUrl()).matches(".*/ui/agents/\\d+\\?created=1");
        assertThat(browser.find("h1").getText()).isEqualTo("Streaming Ada");
        assertThat(browser.find(".chat-empty").getText()).contains("No message yet");
        browser.awaitLive();

        browser.script("""
                window.__seen = [];
                new MutationObserver(() => {
                  const answer = document.querySelector('[data-testid=chat-answer]');
                  if (answer) { window.__seen.push(answer.textContent); }
                }).observe(document.getElementById('chat-log'), {subtree: true, childList: true, characterData: true});""");
        browser.find("#chat-message").sendKeys("What do parsers do?", Keys.ENTER);
        browser.awaitText(".bubble.user", "What do parsers do?");
        new WebDriverWait(browser.driver(), Duration.ofSeconds(20))
                .until(d -> "true".equals(browser.find("[data-testid=chat-answer]").getAttribute("data-done")));

        assertThat(browser.find("[data-testid=chat-answer]").getText()).startsWith(answer).contains("tokens");
        @SuppressWarnings("unchecked")
        List<String> seen = (List<String>) browser.script("return window.__seen");
        List<String> partial = seen.stream().distinct().filter(text -> !text.isEmpty() && answer.startsWith(text)
                && text.length() < answer.length()).toList();
        assertThat(partial).as("the answer grew word by word: " + seen).hasSizeGreaterThanOrEqualTo(3);
        assertThat(llm.last().body().get("stream").asBoolean()).isTrue();

        String url = browser.driver().getCurrentUrl().replaceAll("\\?.*", "");
        long agentId = Long.parseLong(url.substring(url.lastIndexOf('/') + 1));
        assertThat(admin.get("/agents/" + agentId + "/history").json().get("total").asInt()).isEqualTo(2);
        browser.awaitText("[data-testid=agent-messages]", "2");
        browser.driver().navigate().refresh();
        assertThat(browser.findAll(".bubble")).hasSize(2);
        assertThat(browser.findAll(".chart .uplot")).as("usage chart").isNotEmpty();
        browser.screenshot("agent-detail");
        browser.assertNoErrors();
    }

    @Test
    void theListShowsEachAgentWithItsStatusAndModel() {
        Api admin = signedIn();
        long id = Fixtures.agent(admin, "Listed Grace", "local", "local-responder", Map.of());

        browser.open("/ui/agents");
        browser.awaitLive();
        assertThat(browser.textOf("[data-testid=agents-table] tbody tr", "Listed Grace"))
                .contains("test engineer", "idle", "local-responder");
        browser.await("[data-testid=agents-table] a[href='/ui/agents/" + id + "']");

        long later = Fixtures.agent(admin, "Arrives Live", "local", "local-responder", Map.of());
        browser.awaitText("[data-testid=agents-table] tbody tr", "Arrives Live");
        browser.screenshot("agents");
        browser.assertFieldsLabelled();
        browser.assertNoErrors();
        assertThat(later).isGreaterThan(id);
    }

    @Test
    void aChatThatCannotBeAnsweredSaysWhy() {
        Api admin = signedIn();
        long id = Fixtures.agent(admin, "Keyless", "openai", "gpt-4o", Map.of());

        browser.open("/ui/agents/" + id);
        browser.find("#chat-message").sendKeys("hello", Keys.ENTER);
        var error = browser.await(".bubble.error");
        assertThat(error.getText()).contains("OPENAI_API_KEY");
        browser.drainLogs(); // the refusal (503) is the point of this test
    }
}
