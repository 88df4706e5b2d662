package dev.gathering.provider;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.DecimalMax;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import dev.gathering.platform.ratelimit.RateLimited;
import dev.gathering.platform.ratelimit.Tier;
import dev.gathering.platform.security.AdminOnly;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Providers and models are the server's configuration: everyone reads them, administrators change them. */
@RestController
class ModelController {

    record ModelList(List<Model> models, int total) {
    }

    /** The largest price the database keeps (NUMERIC(10, 4)), in USD per million tokens. */
    static final String MAX_PRICE = "999999.9999";

    record ModelCreate(@NotNull @Positive Long providerId, @NotBlank @Size(max = 100) String modelName,
                       @Size(max = 50) String modelAlias,
                       @DecimalMin("0") @DecimalMax(MAX_PRICE) BigDecimal pricingIn,
                       @DecimalMin("0") @DecimalMax(MAX_PRICE) BigDecimal pricingOut,
                       @DecimalMin("0") @DecimalMax(MAX_PRICE) BigDecimal pricingCacheRead,
                       @DecimalMin("0") @DecimalMax(MAX_PRICE) BigDecimal pricingCacheWrite,
                       boolean extendedThinking, boolean vision, Boolean functionCalling, Boolean streaming,
                       @Positive @Max(100_000_000) Integer contextWindow, @Positive @Max(100_000_000) Integer maxOutput,
                       LocalDate releaseDate,
                       boolean isDeprecated) {
        ModelCreate {
            functionCalling = functionCalling == null || functionCalling;
            streaming = streaming == null || streaming;
        }
    }

    record ModelUpdate(@Size(max = 50) String modelAlias, @DecimalMin("0") @DecimalMax(MAX_PRICE) BigDecimal pricingIn,
                       @DecimalMin("0") @DecimalMax(MAX_PRICE) BigDecimal pricingOut, Boolean isDeprecated) {
    }

    private final ProviderService service;

    ModelController(ProviderService service) {
        this.service = service;
    }

    @GetMapping("/models")
    @RateLimited(Tier.READ)
    ModelList list(@RequestParam(name = "provider_id", required = false) Long providerId,
                   @RequestParam(name = "include_deprecated", defaultValue = "false") boolean includeDeprecated) {
        List<Model> models = service.models(providerId, includeDeprecated);
        return new ModelList(models, models.size());
    }

    @GetMapping("/models/{modelId}")
    @RateLimited(Tier.READ)
    Model get(@PathVariable long modelId) {
        return service.model(modelId);
    }

    @PostMapping("/models")
    @ResponseStatus(HttpStatus.CREATED)
    @RateLimited(Tier.WRITE)
    @AdminOnly
    Model create(@Valid @RequestBody ModelCreate body) {
        return service.createModel(body);
    }

    @PatchMapping("/models/{modelId}")
    @RateLimited(Tier.WRITE)
    @AdminOnly
    Model update(@PathVariable long modelId, @Valid @RequestBody ModelUpdate body) {
        return service.updateModel(modelId, body);
    }

    @DeleteMapping("/models/{modelId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @RateLimited(Tier.WRITE)
    @AdminOnly
    void delete(@PathVariable long modelId) {
        service.deleteModel(modelId);
    }
}
