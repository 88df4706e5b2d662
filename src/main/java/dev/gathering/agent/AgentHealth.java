package dev.gathering.agent;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.gathering.health.HealthCheck;
import dev.gathering.health.HealthContributor;
import org.springframework.stereotype.Component;

/** {@code agents_count} in {@code GET /health}, and an "agents" line in {@code /health/checks} (warning when none). */
@Component
class AgentHealth implements HealthContributor {

    private final AgentRepository agents;

    AgentHealth(AgentRepository agents) {
        this.agents = agents;
    }

    @Override
    public Map<String, Object> counts() {
        return Map.of("agents_count", agents.count());
    }

    @Override
    public List<HealthCheck> checks() {
        long count = agents.count();
        return List.of(new HealthCheck("agents", count == 0 ? HealthCheck.WARNING : HealthCheck.HEALTHY,
                count == 0 ? "No agents defined" : count + " agent(s) defined", count, Instant.now()));
    }
}
