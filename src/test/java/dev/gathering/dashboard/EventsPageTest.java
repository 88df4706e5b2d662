package dev.gathering.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import dev.gathering.support.Api;
import dev.gathering.support.BrowserTest;
import dev.gathering.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

/** The events page in a real browser: the live stream, narrowed by topics. */
class EventsPageTest extends BrowserTest {

    @Test
    void streamsEventsAndFiltersThemByTopic() {
        Api admin = signedIn();
        browser.open("/ui/events");
        browser.awaitLive();
        String circle = Fixtures.unique("events-page");
        admin.post("/circles", Map.of("name", circle));
        browser.awaitText("[data-testid=event-feed] .feed-item", circle);

        browser.find("#topics").sendKeys("agent.created", Keys.ENTER);
        browser.awaitText("#topics-help", "Comma-separated");
        assertThat(browser.driver().getCurrentUrl()).contains("topics=agent.created");
        browser.awaitLive();
        String other = Fixtures.unique("filtered-out");
        admin.post("/circles", Map.of("name", other));
        Fixtures.agent(admin, "Filtered In", "local", "local-responder", Map.of());
        browser.awaitText("[data-testid=event-feed] .feed-item", "Filtered In", Duration.ofSeconds(20));
        assertThat(browser.find("[data-testid=event-feed]").getText()).doesNotContain(other);
        assertThat(browser.findAll("[data-testid=event-feed] .feed-item").stream()
                .map(item -> item.getAttribute("data-type")).distinct().toList()).containsOnly("agent.created");
        browser.screenshot("events");
        browser.assertFieldsLabelled();
        browser.assertNoErrors();
    }
}
