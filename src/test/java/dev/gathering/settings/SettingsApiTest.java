package dev.gathering.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import dev.gathering.support.Api;
import dev.gathering.support.FakeLlmServer;
import dev.gathering.support.Fixtures;
import dev.gathering.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@ExtendWith(OutputCaptureExtension.class)
class SettingsApiTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aSavedKeyIsEncryptedMaskedAndNeverLeaked(CapturedOutput output) {
        Api admin = admin();
        String secret = "sk-live-" + Fixtures.unique("very-secret") + "-WXYZ";
        try (FakeLlmServer llm = new FakeLlmServer()) {
            String provider = Fixtures.provider(admin, "openai", llm.url() + "/v1");

            Api.Response patched = admin.patch("/settings/providers/" + provider, Map.of("api_key", secret,
                    "default_model", "gpt-test"));
            long agent = Fixtures.agent(admin, "Keyed", provider, "gpt-test", Map.of());
            Api.Response chat = admin.post("/agents/" + agent + "/chat", Map.of("message", "hello"));
            Api.Response settings = admin.get("/settings");

            assertThat(patched.status()).isEqualTo(200);
            assertThat(patched.json().get("api_key").asString()).isEqualTo("****WXYZ");
            assertThat(patched.json().get("api_key_source").asString()).isEqualTo("settings");
            assertThat(patched.json().get("is_configured").asBoolean()).isTrue();
            assertThat(llm.last().headers().get("authorization")).isEqualTo("Bearer " + secret);
            assertThat(chat.status()).isEqualTo(200);
            for (Api.Response response : new Api.Response[] {patched, chat, settings, admin.get("/providers"),
                    admin.get("/agents/" + agent), admin.get("/agents-db/" + agent)}) {
                assertThat(response.body()).doesNotContain(secret);
            }
            String stored = jdbc.sql("SELECT api_key_encrypted FROM agent.providers WHERE name = ?").param(provider)
                    .query(String.class).single();
            assertThat(stored).startsWith("v1:").doesNotContain(secret).doesNotContain("very-secret");
            assertThat(output.getAll()).doesNotContain(secret);
        }
    }

    @Test
    void settingsListEveryProviderWithItsEffectiveConfiguration() {
        JsonNode settings = admin().get("/settings").json();

        JsonNode local = settings.get("providers").get("local");
        JsonNode anthropic = settings.get("providers").get("anthropic");
        assertThat(local.get("is_configured").asBoolean()).isTrue();
        assertThat(anthropic.get("base_url").asString()).isEqualTo("https://api.anthropic.com/v1");
        assertThat(anthropic.get("models").findValuesAsString("model_name")).contains("claude-sonnet-4-5");
        assertThat(settings.get("database").get("is_connected").asBoolean()).isTrue();
        assertThat(settings.get("database").get("pool_size").asInt()).isPositive();
        // upstream's fields, as its dashboard reads them
        assertThat(settings.get("database").get("host").asString()).isNotBlank();
        assertThat(settings.get("database").get("port").asInt()).isPositive();
        assertThat(settings.get("database").get("name").asString()).isNotBlank();
        assertThat(settings.get("database").has("user")).isTrue();
        assertThat(settings.get("database").get("max_overflow").asInt()).isZero();
        assertThat(settings.get("application").get("log_level").asString()).isEqualTo("INFO");
    }

    @Test
    void theProviderTestReallyCallsTheProvider() {
        Api admin = admin();
        try (FakeLlmServer llm = new FakeLlmServer()) {
            String reachable = Fixtures.provider(admin, "openai", llm.url() + "/v1");
            String unreachable = Fixtures.provider(admin, "openai", "http://127.0.0.1:9/v1");

            JsonNode ok = admin.post("/settings/providers/" + reachable + "/test").json();
            JsonNode failed = admin.post("/settings/providers/" + unreachable + "/test").json();

            assertThat(ok.get("success").asBoolean()).isTrue();
            assertThat(ok.get("models").toString()).contains("fake-model");
            assertThat(failed.get("success").asBoolean()).isFalse();
            assertThat(failed.get("message").asString()).contains("Cannot reach http://127.0.0.1:9/v1");
        }
        assertThat(admin.post("/settings/providers/local/test").json().get("success").asBoolean()).isTrue();
        assertThat(admin.post("/settings/providers/nowhere/test").status()).isEqualTo(404);
    }

    @Test
    void onlyAdministratorsChangeSettingsAndBadValuesAreRefused() {
        Api admin = admin();
        String email = Fixtures.unique("user") + "@example.com";
        api.post("/auth/register", Map.of("email", email, "password", "correct-horse", "name", "U"));
        Api user = api.login(email, "correct-horse");

        assertThat(user.get("/settings").status()).isEqualTo(200);
        assertThat(user.patch("/settings/providers/openai", Map.of("api_key", "x")).status()).isEqualTo(403);
        // testing a provider spends its key
        assertThat(user.post("/settings/providers/local/test").status()).isEqualTo(403);
        assertThat(admin.patch("/settings/providers/openai", Map.of("base_url", "ftp://x")).status()).isEqualTo(400);
        assertThat(admin.patch("/settings/providers/nowhere", Map.of("api_key", "x")).status()).isEqualTo(404);
        assertThat(admin.patch("/settings/application", Map.of("log_level", "LOUD")).status()).isEqualTo(400);
        assertThat(admin.patch("/settings/database", Map.of("pool_size", 0)).status()).isEqualTo(422);
    }

    @Test
    void applicationAndPoolSettingsApplyAtOnceAndAreKept() {
        Api admin = admin();
        try {
            JsonNode application = admin.patch("/settings/application", Map.of("log_level", "warning")).json();
            JsonNode database = admin.patch("/settings/database", Map.of("pool_size", 25)).json();

            assertThat(application.get("log_level").asString()).isEqualTo("WARN");
            assertThat(database.get("pool_size").asInt()).isEqualTo(25);
            assertThat(jdbc.sql("SELECT value FROM settings.application WHERE key = 'pool_size'").query(String.class).single())
                    .isEqualTo("25");
        } finally {
            admin.patch("/settings/application", Map.of("log_level", "INFO"));
            admin.patch("/settings/database", Map.of("pool_size", 20));
        }
    }
}
