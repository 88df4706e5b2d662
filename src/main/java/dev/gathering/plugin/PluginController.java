package dev.gathering.plugin;

import java.util.List;
import java.util.Map;

import dev.gathering.platform.ratelimit.RateLimited;
import dev.gathering.platform.ratelimit.Tier;
import dev.gathering.platform.security.AuthenticatedUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Upstream's {@code /plugins} router (14 routes), over MCP servers and declared HTTP tools. */
@RestController
@Validated
class PluginController {

    record Load(@NotBlank @Size(max = 64) String pluginId, JsonNode config) {
    }

    record Discover(@NotBlank @Size(max = 4000) String directory) {
    }

    record Save(@NotBlank @Size(max = 4000) String outputPath) {
    }

    record PluginList(List<PluginService.Info> plugins, int total) {
    }

    private final PluginService plugins;

    PluginController(PluginService plugins) {
        this.plugins = plugins;
    }

    @GetMapping("/plugins")
    @RateLimited(Tier.READ)
    PluginList list(@RequestParam(name = "status_filter", required = false) @Size(max = 30) String statusFilter,
                    @RequestParam(name = "include_available", defaultValue = "true") boolean includeAvailable) {
        List<PluginService.Info> found = plugins.list(statusFilter, includeAvailable);
        return new PluginList(found, found.size());
    }

    @GetMapping("/plugins/available")
    @RateLimited(Tier.READ)
    List<String> available() {
        return plugins.availableIds();
    }

    @GetMapping("/plugins/stats")
    @RateLimited(Tier.READ)
    Map<String, Object> stats() {
        return plugins.stats();
    }

    @GetMapping("/plugins/health/all")
    @RateLimited(Tier.READ)
    Map<String, Map<String, Object>> healthAll() {
        return plugins.healthAll();
    }

    @GetMapping("/plugins/{pluginId}")
    @RateLimited(Tier.READ)
    PluginService.Info info(@PathVariable String pluginId) {
        return plugins.info(pluginId);
    }

    @GetMapping("/plugins/{pluginId}/health")
    @RateLimited(Tier.READ)
    Map<String, Object> health(@PathVariable String pluginId) {
        return plugins.health(pluginId);
    }

    @GetMapping("/plugins/{pluginId}/tools")
    @RateLimited(Tier.READ)
    List<Map<String, Object>> tools(@PathVariable String pluginId) {
        return plugins.tools(pluginId);
    }

    @PostMapping("/plugins/load")
    @RateLimited(Tier.WRITE)
    PluginService.Outcome load(@AuthenticationPrincipal AuthenticatedUser user, @Valid @RequestBody Load body) {
        return plugins.load(user, body.pluginId().trim(), body.config());
    }

    @PostMapping("/plugins/{pluginId}/unload")
    @RateLimited(Tier.WRITE)
    PluginService.Outcome unload(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String pluginId) {
        return plugins.unload(user, pluginId);
    }

    @PostMapping("/plugins/{pluginId}/enable")
    @RateLimited(Tier.WRITE)
    PluginService.Outcome enable(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String pluginId) {
        return plugins.setEnabled(user, pluginId, true);
    }

    @PostMapping("/plugins/{pluginId}/disable")
    @RateLimited(Tier.WRITE)
    PluginService.Outcome disable(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String pluginId) {
        return plugins.setEnabled(user, pluginId, false);
    }

    @PostMapping("/plugins/discover")
    @RateLimited(Tier.WRITE)
    Map<String, Object> discover(@AuthenticationPrincipal AuthenticatedUser user, @Valid @RequestBody Discover body) {
        return plugins.discover(user, body.directory());
    }

    @PostMapping("/plugins/dynamic")
    @RateLimited(Tier.WRITE)
    PluginService.Info dynamic(@AuthenticationPrincipal AuthenticatedUser user, @RequestBody JsonNode body) {
        return plugins.declare(user, body);
    }

    @PostMapping("/plugins/{pluginId}/save")
    @RateLimited(Tier.WRITE)
    PluginService.Outcome save(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String pluginId,
                               @Valid @RequestBody Save body) {
        return plugins.save(user, pluginId, body.outputPath());
    }
}
