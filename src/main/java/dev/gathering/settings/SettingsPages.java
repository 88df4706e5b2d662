package dev.gathering.settings;

import java.util.List;

import dev.gathering.platform.ratelimit.RateLimited;
import dev.gathering.platform.ratelimit.Tier;
import dev.gathering.platform.security.AdminOnly;
import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.ui.NavContributor;
import dev.gathering.platform.ui.NavItem;
import dev.gathering.platform.ui.Pages;
import dev.gathering.platform.ui.Section;
import dev.gathering.platform.ui.UiController;

import dev.gathering.provider.ProviderService;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Providers and settings: each provider with its masked key and where it comes from, a real test call, the models
 * with their prices, and the application and database settings. Administrators can save a key, base URL and
 * default model (as {@code PATCH /settings/providers/{name}}).
 */
@UiController
class SettingsPages implements NavContributor {

    record View(SettingsService.Settings settings, List<dev.gathering.provider.Model> models) {
    }

    private final SettingsService settings;
    private final ProviderService providers;
    private final Pages pages;

    SettingsPages(SettingsService settings, ProviderService providers, Pages pages) {
        this.settings = settings;
        this.providers = providers;
        this.pages = pages;
    }

    @Override
    public List<NavItem> navItems() {
        return List.of(new NavItem(Section.SYSTEM, "Providers & settings", "/ui/settings", "providers", 10));
    }

    @GetMapping("/ui/settings")
    @RateLimited(Tier.READ)
    String page(@AuthenticationPrincipal AuthenticatedUser user, HttpServletRequest request, Model model) {
        model.addAttribute("page", pages.of(request, user, "Providers & settings", "settings,provider"));
        model.addAttribute("view", new View(settings.all(), providers.models(null, false)));
        return "settings/index";
    }

    @PostMapping("/ui/settings/providers/{name}/test")
    @RateLimited(Tier.WRITE)
    @AdminOnly
    String test(@PathVariable String name, Model model) {
        SettingsService.TestResult result = settings.test(name);
        model.addAttribute("result", result);
        return "settings/test";
    }

    @PostMapping("/ui/settings/providers/{name}")
    @RateLimited(Tier.WRITE)
    @AdminOnly
    String save(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String name,
                @RequestParam(name = "api_key", required = false) String apiKey,
                @RequestParam(name = "base_url", required = false) String baseUrl,
                @RequestParam(name = "default_model", required = false) String defaultModel, Model model) {
        SettingsService.ProviderSettings saved = settings.updateProvider(name,
                apiKey == null || apiKey.isBlank() ? null : apiKey, baseUrl, defaultModel);
        model.addAttribute("provider", saved);
        model.addAttribute("admin", true);
        return "settings/provider";
    }
}
