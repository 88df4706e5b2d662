package dev.gathering.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.gathering.support.Api;
import dev.gathering.support.BrowserTest;
import dev.gathering.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

/** The memory page in a real browser: recall an agent's memories, search the knowledge base, upload a document. */
class MemoryPageTest extends BrowserTest {

    @Test
    void searchesMemoriesAndKnowledgeAndUploadsADocument() throws Exception {
        Api admin = signedIn();
        long agent = Fixtures.agent(admin, "Remembering Ada", "local", "local-responder", Map.of());
        admin.post("/memories/agents/" + agent + "/remember", Map.of("content", "The deployment runs every Friday at noon"));
        admin.post("/memories/agents/" + agent + "/remember", Map.of("content", "Bananas are yellow"));

        browser.open("/ui/memory");
        browser.awaitLive();
        new Select(browser.find("#recall-agent")).selectByVisibleText("Remembering Ada");
        browser.type("#recall-query", "when do we deploy?");
        browser.click("[data-testid=recall-form] button[type=submit]");
        assertThat(browser.textOf("[data-testid=recall-results]", "Friday")).contains("memories of Remembering Ada");

        Path document = Files.createTempFile("runbook", ".md");
        Files.writeString(document, "# Incident runbook\n\nWhen the error ERR-4012 appears, restart the indexer and page the on-call engineer.\n");
        browser.find("#upload-file").sendKeys(document.toAbsolutePath().toString());
        browser.type("#upload-title-input", "Incident runbook");
        browser.type("#upload-tags", "ops");
        browser.click("[data-testid=upload-form] button[type=submit]");
        browser.awaitText(".toast", "Added “Incident runbook”");
        browser.awaitText("#knowledge-recent", "Incident runbook");

        browser.type("#knowledge-query", "ERR-4012");
        browser.click("[data-testid=knowledge-form] button[type=submit]");
        assertThat(browser.textOf("[data-testid=knowledge-results]", "Incident runbook")).contains("restart the indexer");

        browser.click("#remember-agent ~ *, details.disclosure summary");
        new Select(browser.find("#remember-agent")).selectByVisibleText("Remembering Ada");
        browser.type("#remember-content", "Ada prefers tabs over spaces");
        browser.click("[data-testid=remember-form] button[type=submit]");
        browser.awaitText(".toast", "Remembered as memory");
        assertThat(admin.get("/memories/agents/" + agent + "?page_size=10").json().get("total").asInt()).isEqualTo(3);

        browser.screenshot("memory");
        browser.assertFieldsLabelled();
        browser.assertNoErrors();
    }
}
