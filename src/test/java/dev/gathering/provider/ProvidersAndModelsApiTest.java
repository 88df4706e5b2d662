package dev.gathering.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import dev.gathering.support.Api;
import dev.gathering.support.Fixtures;
import dev.gathering.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ProvidersAndModelsApiTest extends IntegrationTest {

    @Test
    void theCommonProvidersAreSeededWithTheirModels() {
        JsonNode providers = admin().get("/providers").json();

        assertThat(providers.get("providers").findValuesAsString("name"))
                .contains("anthropic", "openai", "deepseek", "mistral", "google", "ollama", "groq", "together", "local");
        JsonNode openai = null;
        for (JsonNode provider : providers.get("providers")) {
            if (provider.get("name").asString().equals("openai")) {
                openai = provider;
            }
        }
        assertThat(openai.get("api_base_url").asString()).isEqualTo("https://api.openai.com/v1");
        assertThat(openai.get("model_count").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(providers.get("total").asInt()).isEqualTo(providers.get("providers").size());
    }

    @Test
    void providersAreCreatedLowerCasedOnceAndDeletedWhenUnused() {
        Api admin = admin();
        String name = Fixtures.unique("Vllm").toUpperCase();

        Api.Response created = admin.post("/providers", Map.of("name", name, "api_base_url", "http://gpu-box:8000/v1"));
        Api.Response duplicate = admin.post("/providers", Map.of("name", name.toLowerCase()));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("name").asString()).isEqualTo(name.toLowerCase());
        assertThat(created.json().get("api_type").asString()).isEqualTo("openai");
        assertThat(duplicate.status()).isEqualTo(409);
        long id = created.json().get("id").asLong();
        assertThat(admin.get("/providers/" + id).status()).isEqualTo(200);
        assertThat(admin.delete("/providers/" + id).status()).isEqualTo(204);
        assertThat(admin.get("/providers/" + id).status()).isEqualTo(404);
    }

    @Test
    void badProvidersAreRefused() {
        Api admin = admin();

        assertThat(admin.post("/providers", Map.of("name", "bad name!")).status()).isEqualTo(422);
        assertThat(admin.post("/providers", Map.of("name", Fixtures.unique("p"), "api_type", "soap")).status()).isEqualTo(422);
        assertThat(admin.get("/providers/999999").json().get("detail").asString()).isEqualTo("Provider 999999 not found");
        assertThat(admin.get("/providers/abc").status()).isEqualTo(422);
    }

    @Test
    void aProviderUsedByAnAgentCannotBeDeleted() {
        Api admin = admin();
        String provider = Fixtures.provider(admin, "openai", "http://127.0.0.1:9/v1");
        Fixtures.agent(admin, "Kept", provider, "gpt-x", Map.of());
        long id = admin.get("/providers").json().get("providers").valueStream()
                .filter(p -> p.get("name").asString().equals(provider)).findFirst().orElseThrow().get("id").asLong();

        Api.Response refused = admin.delete("/providers/" + id);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString()).contains("is used by 1 agent");
    }

    @Test
    void modelsAreListedFilteredCreatedUpdatedAndDeleted() {
        Api admin = admin();
        String provider = Fixtures.provider(admin, "openai", "http://127.0.0.1:9/v1");
        JsonNode model = Fixtures.model(admin, provider, "model-a", 1.5, 6);
        long providerId = model.get("provider_id").asLong();

        JsonNode listed = admin.get("/models?provider_id=" + providerId).json();
        Api.Response updated = admin.patch("/models/" + model.get("id").asLong(),
                Map.of("model_alias", "Model A", "is_deprecated", true));
        JsonNode withoutDeprecated = admin.get("/models?provider_id=" + providerId).json();
        JsonNode withDeprecated = admin.get("/models?provider_id=" + providerId + "&include_deprecated=true").json();

        assertThat(listed.get("total").asInt()).isEqualTo(1);
        assertThat(listed.get("models").get(0).get("provider_name").asString()).isEqualTo(provider);
        assertThat(listed.get("models").get(0).get("pricing_in").asDouble()).isEqualTo(1.5);
        assertThat(updated.json().get("model_alias").asString()).isEqualTo("Model A");
        assertThat(withoutDeprecated.get("total").asInt()).isZero();
        assertThat(withDeprecated.get("total").asInt()).isEqualTo(1);
        assertThat(admin.post("/models", Map.of("provider_id", providerId, "model_name", "model-a")).status()).isEqualTo(409);
        assertThat(admin.delete("/models/" + model.get("id").asLong()).status()).isEqualTo(204);
        assertThat(admin.get("/models/" + model.get("id").asLong()).status()).isEqualTo(404);
    }

    @Test
    void aModelNeedsAnExistingProviderAndSanePrices() {
        Api admin = admin();

        Api.Response unknownProvider = admin.post("/models", Map.of("provider_id", 999999, "model_name", "x"));
        Api.Response negativePrice = admin.post("/models", Map.of("provider_id", 1, "model_name", "x", "pricing_in", -1));
        Api.Response missingName = admin.post("/models", Map.of("provider_id", 1));

        assertThat(unknownProvider.status()).isEqualTo(400);
        assertThat(unknownProvider.json().get("detail").asString()).isEqualTo("Provider 999999 does not exist");
        assertThat(negativePrice.status()).isEqualTo(422);
        assertThat(missingName.status()).isEqualTo(422);
    }
}
