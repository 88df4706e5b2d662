package dev.gathering.provider;

import java.time.OffsetDateTime;
import java.util.List;

import dev.gathering.platform.ratelimit.RateLimited;
import dev.gathering.platform.ratelimit.Tier;
import dev.gathering.platform.security.AdminOnly;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Providers and models are the server's configuration: everyone reads them, administrators change them. */
@RestController
class ProviderController {

    record ProviderView(long id, String name, String apiType, String apiBaseUrl, boolean isLocal, boolean isBuiltin,
                        OffsetDateTime createdAt, long modelCount) {
        static ProviderView of(Provider provider) {
            return new ProviderView(provider.id(), provider.name(), provider.apiType(), provider.apiBaseUrl(),
                    provider.isLocal(), provider.isBuiltin(), provider.createdAt(), provider.modelCount());
        }
    }

    record ProviderList(List<ProviderView> providers, int total) {
    }

    record ProviderCreate(@NotBlank @Size(max = 50) @Pattern(regexp = "[A-Za-z0-9._-]+",
            message = "may contain letters, digits, '.', '_' and '-' only") String name,
                          @Pattern(regexp = "openai|anthropic|ollama|gemini|local",
                                  message = "must be one of openai, anthropic, ollama, gemini, local") String apiType,
                          @Size(max = 500) @Pattern(regexp = "https?://.+", message = "must be an http(s) URL") String apiBaseUrl,
                          boolean isLocal) {
    }

    private final ProviderService service;

    ProviderController(ProviderService service) {
        this.service = service;
    }

    @GetMapping("/providers")
    @RateLimited(Tier.READ)
    ProviderList list() {
        List<ProviderView> providers = service.list().stream().map(ProviderView::of).toList();
        return new ProviderList(providers, providers.size());
    }

    @GetMapping("/providers/{providerId}")
    @RateLimited(Tier.READ)
    ProviderView get(@PathVariable long providerId) {
        return ProviderView.of(service.get(providerId));
    }

    /** The name is lower-cased; {@code api_type} defaults to the OpenAI protocol most providers speak. */
    @PostMapping("/providers")
    @ResponseStatus(HttpStatus.CREATED)
    @RateLimited(Tier.WRITE)
    @AdminOnly
    ProviderView create(@Valid @RequestBody ProviderCreate body) {
        ApiType type = body.apiType() == null ? ApiType.OPENAI : ApiType.of(body.apiType());
        return ProviderView.of(service.create(body.name(), type, body.apiBaseUrl(), body.isLocal()));
    }

    @DeleteMapping("/providers/{providerId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @RateLimited(Tier.WRITE)
    @AdminOnly
    void delete(@PathVariable long providerId) {
        service.delete(providerId);
    }
}
