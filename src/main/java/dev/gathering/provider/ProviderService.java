package dev.gathering.provider;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.gathering.platform.security.SecretBox;
import dev.gathering.platform.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Providers and their models, and how to reach each provider. */
@Service
public class ProviderService {

    private static final Logger log = LoggerFactory.getLogger(ProviderService.class);

    private final ProviderRepository providers;
    private final ModelRepository models;
    private final SecretBox secrets;
    private final Environment environment;
    private final List<ProviderUsage> usages;
    private final TransactionTemplate transaction;

    ProviderService(ProviderRepository providers, ModelRepository models, SecretBox secrets, Environment environment,
                    List<ProviderUsage> usages, TransactionTemplate transaction) {
        this.usages = usages;
        this.transaction = transaction;
        this.providers = providers;
        this.models = models;
        this.secrets = secrets;
        this.environment = environment;
    }

    public List<Provider> list() {
        return providers.findAll();
    }

    public Provider get(long id) {
        return providers.findById(id).orElseThrow(() -> ApiException.notFound("Provider " + id + " not found"));
    }

    public Optional<Provider> findByName(String name) {
        return providers.findByName(name);
    }

    public Provider byName(String name) {
        return providers.findByName(name).orElseThrow(() -> ApiException.notFound("Provider '" + name + "' not found"));
    }

    Provider create(String name, ApiType type, String apiBaseUrl, boolean isLocal) {
        long id = providers.insert(name.trim(), type.value(), blankToNull(apiBaseUrl), isLocal)
                .orElseThrow(() -> ApiException.conflict("Provider '" + name.trim().toLowerCase(Locale.ROOT) + "' already exists"));
        return get(id);
    }

    void delete(long id) {
        Provider provider = get(id);
        long agents = usages.stream().mapToLong(usage -> usage.inUse(id)).sum();
        if (agents > 0) {
            throw ApiException.conflict("Provider '" + provider.name() + "' is used by " + agents
                    + " agent(s); move or delete them first");
        }
        transaction.executeWithoutResult(status -> {
            usages.forEach(usage -> usage.release(id));
            providers.delete(id);
        });
    }

    /** How many providers and non-deprecated models there are, in one statement. */
    public record Counts(long providers, long models) {
    }

    public Counts counts() {
        return providers.counts();
    }

    public List<Model> models(Long providerId, boolean includeDeprecated) {
        return models.find(providerId, includeDeprecated);
    }

    public Model model(long id) {
        return models.findById(id).orElseThrow(() -> ApiException.notFound("Model " + id + " not found"));
    }

    public Optional<Model> model(long providerId, String modelName) {
        return models.findByName(providerId, modelName);
    }

    Model createModel(ModelController.ModelCreate create) {
        if (providers.findById(create.providerId()).isEmpty()) {
            throw ApiException.badRequest("Provider " + create.providerId() + " does not exist");
        }
        long id = models.insert(create).orElseThrow(() -> ApiException.conflict("Model '" + create.modelName()
                + "' already exists for provider " + create.providerId()));
        return model(id);
    }

    Model updateModel(long id, ModelController.ModelUpdate update) {
        if (models.update(id, update) == 0) {
            throw ApiException.notFound("Model " + id + " not found");
        }
        return model(id);
    }

    void deleteModel(long id) {
        try {
            if (models.delete(id) == 0) {
                throw ApiException.notFound("Model " + id + " not found");
            }
        } catch (DataIntegrityViolationException e) {
            throw ApiException.conflict("Model " + id + " is still referenced");
        }
    }

    /** How to reach a provider now: saved settings, then environment variables, then defaults. */
    public ProviderConnection connection(Provider provider) {
        String variablePrefix = provider.name().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
        String key = null;
        String keySource = null;
        if (provider.apiKeyEncrypted() != null) {
            try {
                key = secrets.open(provider.apiKeyEncrypted());
                keySource = "settings";
            } catch (IllegalArgumentException e) {
                log.warn("The saved API key of provider {} cannot be decrypted (was the server secret changed?); ignoring it",
                        provider.name());
            }
        }
        if (key == null) {
            key = firstVariable(variablePrefix + "_API_KEY", provider.type() == ApiType.GEMINI ? "GEMINI_API_KEY" : null);
            keySource = key == null ? null : "environment";
        }
        String baseUrl = provider.settingsBaseUrl();
        if (baseUrl == null) {
            baseUrl = firstVariable(variablePrefix + "_BASE_URL", provider.type() == ApiType.OLLAMA ? "OLLAMA_HOST" : null);
        }
        if (baseUrl == null) {
            baseUrl = provider.apiBaseUrl();
        }
        String defaultModel = provider.defaultModel() != null ? provider.defaultModel()
                : firstVariable(variablePrefix + "_DEFAULT_MODEL", null);
        return new ProviderConnection(provider.name(), provider.type(), normalizeBaseUrl(baseUrl), key, keySource, defaultModel);
    }

    public void saveSettings(Provider provider, String apiKey, String baseUrl, String defaultModel) {
        String sealed = apiKey == null || apiKey.isBlank() ? null : secrets.seal(apiKey.trim());
        boolean clearKey = apiKey != null && apiKey.isBlank();
        providers.updateSettings(provider.id(), sealed, clearKey, blankToNull(baseUrl), blankToNull(defaultModel));
    }

    private String firstVariable(String name, String alternative) {
        String value = environment.getProperty(name);
        if ((value == null || value.isBlank()) && alternative != null) {
            value = environment.getProperty(alternative);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String normalizeBaseUrl(String url) {
        if (url == null) {
            return null;
        }
        String trimmed = url.trim();
        if (!trimmed.contains("://")) {
            trimmed = "http://" + trimmed;
        }
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
