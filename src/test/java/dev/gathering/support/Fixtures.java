package dev.gathering.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/** Shortcuts that build state through the public API. */
public final class Fixtures {

    private Fixtures() {
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A provider of the given wire protocol pointing at {@code baseUrl}, with an API key saved through settings. */
    public static String provider(Api admin, String apiType, String baseUrl) {
        String name = unique("fake-" + apiType);
        Api.Response created = admin.post("/providers", Map.of("name", name, "api_type", apiType, "api_base_url", baseUrl));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        if (!apiType.equals("ollama") && !apiType.equals("local")) {
            Api.Response key = admin.patch("/settings/providers/" + name, Map.of("api_key", "sk-test-" + name + "-secret"));
            assertThat(key.status()).as(key.toString()).isEqualTo(200);
        }
        return name;
    }

    /**
     * A project on a new empty folder under {@code workspaceRoot} (the server's; tests read it from its
     * {@code FolderPolicy} bean), registered by {@code api}: its id.
     */
    public static long project(Api api, java.nio.file.Path workspaceRoot) {
        java.nio.file.Path folder = workspaceRoot.resolve(unique("project"));
        try {
            java.nio.file.Files.createDirectories(folder);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Api.Response created = api.post("/projects", Map.of("name", folder.getFileName().toString(), "path", folder.toString()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    /** A model with prices (USD per million tokens) for a provider. */
    public static JsonNode model(Api admin, String providerName, String modelName, double pricingIn, double pricingOut) {
        long providerId = -1;
        for (JsonNode provider : admin.get("/providers").json().get("providers")) {
            if (provider.get("name").asString().equals(providerName)) {
                providerId = provider.get("id").asLong();
            }
        }
        Api.Response created = admin.post("/models", Map.of("provider_id", providerId, "model_name", modelName,
                "pricing_in", pricingIn, "pricing_out", pricingOut));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    /** An agent on the given provider and model; extra config entries override the defaults. */
    public static long agent(Api api, String name, String provider, String model, Map<String, Object> config) {
        Map<String, Object> fullConfig = new java.util.HashMap<>(Map.of("provider", provider, "model", model));
        fullConfig.putAll(config);
        Api.Response created = api.post("/agents", Map.of(
                "persona", Map.of("name", name, "role", "test engineer", "traits", java.util.List.of("careful"),
                        "communication_style", "concise", "specializations", java.util.List.of("testing")),
                "config", fullConfig));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }
}
