package dev.gathering.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.gathering.support.Api;
import dev.gathering.support.Browser;
import dev.gathering.support.BrowserTest;
import dev.gathering.support.Fixtures;
import org.junit.jupiter.api.Test;

/** The overview in a real browser: counts, health, charts, and a feed that moves without a reload. */
class OverviewPageTest extends BrowserTest {

    @Test
    void showsTheCountsHealthAndALiveFeed() {
        Api admin = signedIn();
        long agent = Fixtures.agent(admin, "Overview Ada", "local", "local-responder", Map.of());
        admin.post("/agents/" + agent + "/chat", Map.of("message", "hello there"));
        String circle = Fixtures.unique("overview");
        admin.post("/circles", Map.of("name", circle));
        admin.post("/circles/" + circle + "/start");
        assertThat(admin.post("/circles/" + circle + "/tasks", Map.of("title", "Overview task")).status()).isEqualTo(201);

        browser.open("/ui/");
        browser.awaitLive();
        long agents = admin.get("/dashboard/stats").json().get("agents").get("total").asLong();
        assertThat(browser.textOf("[data-testid=stat-agents]", "")).isEqualTo(String.valueOf(agents));
        assertThat(Long.parseLong(browser.textOf("[data-testid=stat-tokens-today]", ""))).isPositive();
        assertThat(browser.find("#health-title").isDisplayed()).isTrue();
        assertThat(browser.findAll(".checks li")).hasSizeGreaterThanOrEqualTo(4);
        assertThat(browser.findAll(".chart .uplot")).as("usage chart drawn").isNotEmpty();
        browser.awaitText("[data-testid=event-feed] .feed-item", "Overview task");
        assertThat(browser.find(".nav-link[aria-current=page]").getText()).isEqualTo("Overview");
        assertThat(browser.findAll(".nav-heading").stream().map(h -> h.getText().toLowerCase()).toList())
                .containsExactly("overview", "work", "agents & teams", "intelligence", "system");

        String later = Fixtures.unique("arrives-live");
        admin.post("/circles", Map.of("name", later));
        browser.awaitText("[data-testid=event-feed] .feed-item", later);
        browser.awaitText("[data-testid=stat-circles]", String.valueOf(admin.get("/dashboard/stats").json()
                .get("circles").get("total").asLong()));

        browser.screenshot("overview");
        browser.assertNoErrors();

        String before = browser.find("html").getAttribute("data-theme");
        browser.click("[data-theme-toggle]");
        String after = browser.find("html").getAttribute("data-theme");
        assertThat(after).isIn("light", "dark").isNotEqualTo(before);
        browser.open("/ui/");
        assertThat(browser.find("html").getAttribute("data-theme")).as("the theme is remembered").isEqualTo(after);
        if (after.equals("light")) {
            browser.click("[data-theme-toggle]");
        }
        assertThat(browser.find("html").getAttribute("data-theme")).isEqualTo("dark");
        assertThat(browser.script("return getComputedStyle(document.body).backgroundColor")).isNotEqualTo("rgb(245, 246, 250)");
        browser.awaitLive();
        browser.screenshot("overview-dark");
        browser.resize(Browser.PHONE);
        browser.open("/ui/");
        browser.awaitLive();
        assertThat(browser.find(".sidebar").getLocation().getX()).as("the sidebar is hidden at phone width").isNegative();
        browser.find("[data-nav-toggle]").click();
        browser.await(".sidebar .nav-link");
        browser.screenshot("overview-phone-menu");
        browser.find(".sidebar .nav-link").sendKeys(org.openqa.selenium.Keys.ESCAPE);
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), java.time.Duration.ofSeconds(5))
                .until(d -> browser.find("[data-nav-toggle]").getAttribute("aria-expanded").equals("false"));
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), java.time.Duration.ofSeconds(5))
                .until(d -> browser.find(".sidebar").getRect().getX() + browser.find(".sidebar").getRect().getWidth() <= 0);
        Object widest = browser.script("""
                let w = document.documentElement.clientWidth, out = [];
                document.querySelectorAll('body *').forEach(e => { const r = e.getBoundingClientRect();
                  if (r.right > w + 1 && !e.closest('.sidebar')) out.push(e.tagName + '.' + e.className + ' ' + Math.round(r.right)); });
                return out.slice(0, 5).join(' | ');""");
        assertThat((Long) browser.script("return document.documentElement.scrollWidth"))
                .as("nothing wider than a phone: " + widest).isLessThanOrEqualTo(390L);
        browser.screenshot("overview-phone");
        browser.assertNoErrors();
    }

    @Test
    void aNewUserIsToldWhatToDoFirst() {
        signedIn();
        browser.open("/ui/");
        // the shared test database may already hold agents; the onboarding card shows only without any
        List<?> onboarding = browser.findAll("[data-testid=onboarding]");
        long agents = admin().get("/dashboard/stats").json().get("agents").get("total").asLong();
        assertThat(onboarding.isEmpty()).isEqualTo(agents > 0);
        browser.assertNoErrors();
    }
}
