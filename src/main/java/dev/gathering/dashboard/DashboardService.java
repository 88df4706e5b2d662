package dev.gathering.dashboard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gathering.agent.AgentService;
import dev.gathering.circle.CircleService;
import dev.gathering.health.ServerInfo;
import dev.gathering.provider.ProviderService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** What the dashboard shows across features: the aggregate counts, the server's version and its features. */
@Service
public class DashboardService {

    /** The upstream dashboard's feature flags, each true when this server serves routes under its prefix. */
    private static final Map<String, String> FEATURE_PREFIXES = Map.of(
            "agents", "/agents", "circles", "/circles", "conversations", "/conversations", "memories", "/memories");

    private final AgentService agents;
    private final ProviderService providers;
    private final CircleService circles;
    private final ServerInfo server;
    private final ObjectProvider<RequestMappingHandlerMapping> mappings;
    private volatile Map<String, Boolean> features;

    DashboardService(AgentService agents, ProviderService providers, CircleService circles, ServerInfo server,
                     ObjectProvider<RequestMappingHandlerMapping> mappings) {
        this.agents = agents;
        this.providers = providers;
        this.circles = circles;
        this.server = server;
        this.mappings = mappings;
    }

    /** Three statements, whatever the number of rows. */
    public DashboardStats stats() {
        AgentService.Counts agentCounts = agents.counts();
        ProviderService.Counts providerCounts = providers.counts();
        CircleService.Counts circleCounts = circles.counts();
        return new DashboardStats(agentCounts.total(), agentCounts.busy(), providerCounts.providers(),
                providerCounts.models(), circleCounts.total(), circleCounts.running(), circleCounts.tasks(),
                agentCounts.tasksCompleted(), agentCounts.reviewsDone());
    }

    public String version() {
        return server.version();
    }

    public Map<String, Boolean> features() {
        Map<String, Boolean> known = features;
        if (known == null) {
            List<String> patterns = mappings.orderedStream()
                    .flatMap(mapping -> mapping.getHandlerMethods().keySet().stream())
                    .flatMap(info -> info.getPatternValues().stream()).toList();
            Map<String, Boolean> computed = new LinkedHashMap<>();
            for (String feature : List.of("agents", "circles", "conversations", "memories")) {
                String prefix = FEATURE_PREFIXES.get(feature);
                computed.put(feature, patterns.stream().anyMatch(p -> p.equals(prefix) || p.startsWith(prefix + "/")));
            }
            features = known = Map.copyOf(computed);
        }
        return new LinkedHashMap<>(known);
    }
}
