package dev.gathering.provider;

/**
 * Everything needed to call a provider, resolved from its settings (saved through the API) first, then the
 * environment ({@code <NAME>_API_KEY}, {@code <NAME>_BASE_URL}), then its built-in defaults.
 *
 * @param apiKey       null when none is configured
 * @param keySource    where the key came from: settings, environment, or null
 * @param defaultModel the model to use when an agent names none
 */
public record ProviderConnection(String provider, ApiType type, String baseUrl, String apiKey, String keySource,
                                 String defaultModel) {

    public boolean needsKey() {
        return type != ApiType.LOCAL && type != ApiType.OLLAMA;
    }

    public boolean isConfigured() {
        return !needsKey() || apiKey != null;
    }

    @Override
    public String toString() {
        return "ProviderConnection[" + provider + ", " + type + ", " + baseUrl + ", key " + (apiKey == null ? "absent" : "present") + "]";
    }
}
