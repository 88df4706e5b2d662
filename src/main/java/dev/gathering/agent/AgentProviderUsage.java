package dev.gathering.agent;

import dev.gathering.provider.ProviderUsage;
import org.springframework.stereotype.Component;

/** The agents bound to a provider, for the provider feature's deletion. */
@Component
class AgentProviderUsage implements ProviderUsage {

    private final AgentRepository agents;

    AgentProviderUsage(AgentRepository agents) {
        this.agents = agents;
    }

    @Override
    public long inUse(long providerId) {
        return agents.countUsing(providerId);
    }

    @Override
    public void release(long providerId) {
        agents.deleteRetiredUsing(providerId);
    }
}
