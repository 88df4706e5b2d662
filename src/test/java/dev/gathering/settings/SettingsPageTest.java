package dev.gathering.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import dev.gathering.support.Api;
import dev.gathering.support.BrowserTest;
import dev.gathering.support.FakeLlmServer;
import dev.gathering.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Providers and settings in a real browser: masked keys, a real test call, models with prices. */
class SettingsPageTest extends BrowserTest {

    @RegisterExtension
    static final FakeLlmServer llm = new FakeLlmServer();

    @Test
    void showsProvidersWithMaskedKeysTestsThemAndListsModelPrices() {
        Api admin = signedIn();
        String provider = Fixtures.provider(admin, "openai", llm.url() + "/v1");
        String model = Fixtures.unique("priced");
        Fixtures.model(admin, provider, model, 2.5, 10);

        browser.open("/ui/settings");
        browser.awaitLive();
        assertThat(browser.textOf("[data-testid=provider-row]", provider)).contains("ready", "****", "settings")
                .doesNotContain("sk-test-");
        browser.click("#provider-" + provider + " [data-testid=test-provider]");
        var result = browser.await("#test-" + provider + " [data-testid=test-result]");
        assertThat(result.getText()).isIn("OK", "Failed");
        assertThat(browser.find("#test-" + provider).getText()).contains(llm.url().replace("http://", ""));

        browser.click("#provider-local [data-testid=test-provider]");
        browser.awaitText("#test-local", "needs no network");

        assertThat(browser.textOf("[data-testid=models-table] tbody tr", model)).contains("$2.5", "$10");
        browser.screenshot("settings");
        browser.assertFieldsLabelled();
        browser.assertNoErrors();
    }

    @Test
    void anAdministratorSavesAKeyAndSeesItMasked() {
        Api admin = signedIn();
        String provider = Fixtures.provider(admin, "openai", llm.url() + "/v1");
        browser.open("/ui/settings");
        browser.click("#provider-" + provider + " details summary");
        browser.type("#key-" + provider, "sk-live-abcdefgh12345678");
        browser.click("#provider-" + provider + " form button[type=submit]");
        browser.awaitText("#provider-" + provider, "****5678");
        assertThat(admin.get("/settings").json().get("providers").get(provider).get("api_key").asString()).isEqualTo("****5678");
        browser.assertNoErrors();
    }
}
