package dev.gathering.settings;

import jakarta.validation.constraints.Pattern;
import dev.gathering.platform.security.AdminOnly;
import dev.gathering.platform.ratelimit.RateLimited;
import dev.gathering.platform.ratelimit.Tier;
import dev.gathering.platform.security.AuthenticatedUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Settings: readable by any user (keys masked), changed by administrators only. */
@RestController
@RequestMapping("/settings")
class SettingsController {

    /** Keys are printable ASCII (they travel in HTTP headers); an empty one removes the saved key. */
    record ProviderUpdate(@Size(max = 500) @Pattern(regexp = "[\\x21-\\x7E]*",
            message = "must be printable ASCII without spaces (as the provider issued it)") String apiKey, @Size(max = 500) String baseUrl, @Size(max = 100) String defaultModel) {
    }

    record ApplicationUpdate(Boolean debug, @Size(max = 10) String logLevel) {
    }

    record DatabaseUpdate(@Min(1) @Max(200) Integer poolSize, @Min(0) @Max(200) Integer poolMin) {
    }

    private final SettingsService settings;

    SettingsController(SettingsService settings) {
        this.settings = settings;
    }

    @GetMapping
    @RateLimited(Tier.READ)
    SettingsService.Settings all() {
        return settings.all();
    }

    /** An empty {@code api_key} removes the saved key (the environment's applies again). */
    @PatchMapping("/providers/{provider}")
    @RateLimited(Tier.WRITE)
    @AdminOnly
    SettingsService.ProviderSettings updateProvider(@PathVariable String provider, @Valid @RequestBody ProviderUpdate body) {
        return settings.updateProvider(provider, body.apiKey(), body.baseUrl(), body.defaultModel());
    }

    /** Spends the saved key (a call to the provider): administrators only, like the other settings changes. */
    @PostMapping("/providers/{provider}/test")
    @RateLimited(Tier.WRITE)
    @AdminOnly
    SettingsService.TestResult test(@PathVariable String provider) {
        return settings.test(provider);
    }

    @PatchMapping("/application")
    @RateLimited(Tier.WRITE)
    @AdminOnly
    SettingsService.ApplicationSettings updateApplication(@Valid @RequestBody ApplicationUpdate body) {
        return settings.updateApplication(body.debug(), body.logLevel());
    }

    @PatchMapping("/database")
    @RateLimited(Tier.WRITE)
    @AdminOnly
    SettingsService.DatabaseSettings updateDatabase(@Valid @RequestBody DatabaseUpdate body) {
        return settings.updateDatabase(body.poolSize(), body.poolMin());
    }
}
