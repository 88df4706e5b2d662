package dev.gathering.settings;

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

    record ProviderUpdate(@Size(max = 500) String apiKey, @Size(max = 500) String baseUrl, @Size(max = 100) String defaultModel) {
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
    SettingsService.ProviderSettings updateProvider(@PathVariable String provider, @Valid @RequestBody ProviderUpdate body,
                                                    @AuthenticationPrincipal AuthenticatedUser caller) {
        caller.requireAdmin();
        return settings.updateProvider(provider, body.apiKey(), body.baseUrl(), body.defaultModel());
    }

    @PostMapping("/providers/{provider}/test")
    @RateLimited(Tier.WRITE)
    SettingsService.TestResult test(@PathVariable String provider) {
        return settings.test(provider);
    }

    @PatchMapping("/application")
    @RateLimited(Tier.WRITE)
    SettingsService.ApplicationSettings updateApplication(@Valid @RequestBody ApplicationUpdate body,
                                                          @AuthenticationPrincipal AuthenticatedUser caller) {
        caller.requireAdmin();
        return settings.updateApplication(body.debug(), body.logLevel());
    }

    @PatchMapping("/database")
    @RateLimited(Tier.WRITE)
    SettingsService.DatabaseSettings updateDatabase(@Valid @RequestBody DatabaseUpdate body,
                                                    @AuthenticationPrincipal AuthenticatedUser caller) {
        caller.requireAdmin();
        return settings.updateDatabase(body.poolSize(), body.poolMin());
    }
}
