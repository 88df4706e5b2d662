package dev.gathering.agent;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.gathering.persona.Persona;
import dev.gathering.persona.PersonaService;
import dev.gathering.platform.events.Event;
import dev.gathering.platform.events.EventBus;
import dev.gathering.platform.security.Access;
import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.web.ApiException;
import dev.gathering.provider.Model;
import dev.gathering.provider.Provider;
import dev.gathering.provider.ProviderService;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Agents: creation from a persona and/or inline fields, validation against providers and models, sessions. */
@Service
public class AgentService {

    static final String DEFAULT_PROVIDER = "anthropic";

    private final AgentRepository agents;
    private final AgentSessionRepository sessions;
    private final ProviderService providers;
    private final PersonaService personas;
    private final JdbcClient jdbc;
    private final EventBus events;

    AgentService(AgentRepository agents, AgentSessionRepository sessions, ProviderService providers,
                 PersonaService personas, JdbcClient jdbc, EventBus events) {
        this.agents = agents;
        this.sessions = sessions;
        this.providers = providers;
        this.personas = personas;
        this.jdbc = jdbc;
        this.events = events;
    }

    public Agent get(long id) {
        return agents.findById(id).orElseThrow(() -> ApiException.notFound("Agent " + id + " not found"));
    }

    public Optional<Agent> find(long id) {
        return agents.findById(id);
    }

    /** Several agents in one query; absent or deleted ones are left out. */
    public List<Agent> getAll(List<Long> ids) {
        return ids.isEmpty() ? List.of() : agents.findByIds(ids);
    }

    public List<Agent> list(int limit, int offset) {
        return agents.findAll(limit, offset);
    }

    public long count() {
        return agents.count();
    }

    /**
     * The agent, for a change by {@code caller}: 404 when it does not exist, 403 unless the caller owns it or is an
     * admin (see {@link Access}).
     */
    public Agent changeable(long id, AuthenticatedUser caller) {
        Agent agent = get(id);
        Access.requireOwner(caller, agent.ownerId(), "agent " + id);
        return agent;
    }

    Agent create(AgentController.AgentWrite body, AuthenticatedUser caller) {
        Persona persona = body.personaId() == null ? null : referencedPersona(body.personaId());
        AgentController.PersonaInput input = body.persona() == null ? AgentController.PersonaInput.EMPTY : body.persona();
        AgentController.ConfigInput config = body.config() == null ? AgentController.ConfigInput.EMPTY : body.config();
        String name = firstNonBlank(input.name(), persona == null ? null : persona.displayName());
        if (name == null) {
            throw ApiException.badRequest("persona.name is required (or persona_id of an existing persona)");
        }
        String role = firstNonBlank(input.role(), persona == null ? null : persona.role());
        if (role == null) {
            throw ApiException.badRequest("persona.role is required (or persona_id of an existing persona)");
        }
        Model personaModel = persona == null || persona.defaultModelId() == null ? null : providers.model(persona.defaultModelId());
        String providerName = firstNonBlank(config.provider(), personaModel == null ? null : personaModel.providerName(),
                DEFAULT_PROVIDER);
        Provider provider = knownProvider(providerName);
        String model = firstNonBlank(config.model(),
                personaModel != null && personaModel.providerId() == provider.id() ? personaModel.modelName() : null);
        if (model == null) {
            model = defaultModel(provider);
        }
        AgentSpec spec = new AgentSpec(name.trim(), role.trim(), persona == null ? null : persona.id(), input.basePrompt(),
                pick(input.traits(), persona == null ? null : persona.traits()),
                firstNonBlank(input.communicationStyle(), persona == null ? null : persona.communicationStyle(), "balanced"),
                pick(input.specializations(), persona == null ? null : persona.specializations()),
                languages(input.languages(), persona),
                provider.id(), model,
                config.maxTokens() == null ? 4096 : config.maxTokens(),
                config.temperature() == null ? 0.7 : config.temperature(),
                pick(config.competencies(), null), pick(config.canReview(), null),
                config.autoRemember() == null || config.autoRemember(),
                config.cacheResponses() != null && config.cacheResponses(), caller.id());
        Agent created = get(agents.insert(spec));
        events.publish(Event.of("agent.created", Map.of("agent_id", created.id(), "name", created.name(),
                "provider", created.providerName(), "model", created.modelName())).sourceAgent(created.id()));
        return created;
    }

    Agent update(long id, AgentController.AgentWrite body, AuthenticatedUser caller) {
        Agent current = changeable(id, caller);
        Persona persona = body.personaId() == null ? null : referencedPersona(body.personaId());
        AgentController.PersonaInput input = body.persona() == null ? AgentController.PersonaInput.EMPTY : body.persona();
        AgentController.ConfigInput config = body.config() == null ? AgentController.ConfigInput.EMPTY : body.config();
        Provider provider = config.provider() == null ? null : knownProvider(config.provider());
        long providerId = provider == null ? current.providerId() : provider.id();
        String model = config.model() != null ? config.model()
                : provider == null || provider.id() == current.providerId() ? current.modelName() : defaultModel(provider);
        AgentSpec spec = new AgentSpec(
                firstNonBlank(input.name(), current.name()),
                firstNonBlank(input.role(), persona == null ? null : persona.role(), current.role()),
                persona == null ? current.personaId() : Long.valueOf(persona.id()),
                input.basePrompt() == null ? current.basePrompt() : input.basePrompt(),
                pick(input.traits(), persona == null ? current.traits() : persona.traits()),
                firstNonBlank(input.communicationStyle(), persona == null ? null : persona.communicationStyle(),
                        current.communicationStyle()),
                pick(input.specializations(), persona == null ? current.specializations() : persona.specializations()),
                pick(input.languages(), persona == null ? current.languages() : persona.languages()),
                providerId, model,
                config.maxTokens() == null ? current.maxTokens() : config.maxTokens(),
                config.temperature() == null ? current.temperature() : config.temperature(),
                pick(config.competencies(), current.competencies()), pick(config.canReview(), current.canReview()),
                config.autoRemember() == null ? current.autoRemember() : config.autoRemember(),
                config.cacheResponses() == null ? current.cacheResponses() : config.cacheResponses(), current.ownerId());
        agents.update(id, spec);
        Agent updated = get(id);
        events.publish(Event.of("agent.updated", Map.of("agent_id", id, "name", updated.name(),
                "provider", updated.providerName(), "model", updated.modelName())).sourceAgent(id));
        return updated;
    }

    /** Counts finished work in the agent's totals (shown by the dashboard). */
    public void recordWork(long agentId, int tasksCompleted, int reviewsDone) {
        agents.recordWork(agentId, tasksCompleted, reviewsDone);
    }

    void delete(long id, AuthenticatedUser caller) {
        changeable(id, caller);
        if (!agents.deactivate(id)) {
            throw ApiException.notFound("Agent " + id + " not found");
        }
        events.publish(Event.of("agent.deleted", Map.of("agent_id", id)).sourceAgent(id));
    }

    void trackFile(long id, String file, AuthenticatedUser caller) {
        changeable(id, caller);
        sessions.trackFile(id, file);
    }

    void setTask(long id, String taskId, String title, String progress, AuthenticatedUser caller) {
        changeable(id, caller);
        sessions.setTask(id, taskId, title, progress);
    }

    void clearTask(long id, AuthenticatedUser caller) {
        changeable(id, caller);
        sessions.clearTask(id);
    }

    /** Rows of the {@code agent.agent_dashboard} view (later features add columns to it): one statement. */
    public List<Map<String, Object>> dashboard() {
        return jdbc.sql("SELECT * FROM agent.agent_dashboard ORDER BY id").query().listOfRows().stream()
                .map(AgentService::plain).toList();
    }

    public Map<String, Object> dashboard(long id) {
        return jdbc.sql("SELECT * FROM agent.agent_dashboard WHERE id = ?").param(id).query().listOfRows().stream()
                .findFirst().map(AgentService::plain)
                .orElseThrow(() -> ApiException.notFound("Agent " + id + " not found"));
    }

    /** One agent of {@code agent.agents_full}: the dashboard row with its persona and model. */
    public Map<String, Object> full(long id) {
        return jdbc.sql("SELECT * FROM agent.agents_full WHERE id = ?").param(id).query().listOfRows().stream()
                .findFirst().map(AgentService::plain)
                .orElseThrow(() -> ApiException.notFound("Agent " + id + " not found"));
    }

    /** Counts over the active agents, for dashboards. */
    public record Counts(long total, long busy, long tasksCompleted, long reviewsDone) {
    }

    public Counts counts() {
        return jdbc.sql("""
                SELECT count(*) AS total, count(*) FILTER (WHERE busy_until > now()) AS busy,
                       coalesce(sum(tasks_completed), 0) AS tasks_completed, coalesce(sum(reviews_done), 0) AS reviews_done
                FROM agent.agents WHERE is_active""").query(Counts.class).single();
    }

    private static Map<String, Object> plain(Map<String, Object> row) {
        Map<String, Object> plain = new java.util.LinkedHashMap<>();
        row.forEach((column, value) -> {
            if (value instanceof java.sql.Array array) {
                try {
                    value = java.util.Arrays.asList((Object[]) array.getArray());
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
            plain.put(column, value);
        });
        return plain;
    }

    private Persona referencedPersona(long personaId) {
        try {
            return personas.get(personaId);
        } catch (ApiException e) {
            throw ApiException.badRequest("persona_id " + personaId + " does not exist");
        }
    }

    private Provider knownProvider(String name) {
        return providers.findByName(name.trim()).orElseThrow(() -> ApiException.badRequest("Unknown provider '" + name
                + "'; known providers: " + providers.list().stream().map(Provider::name).collect(Collectors.joining(", "))));
    }

    private String defaultModel(Provider provider) {
        String configured = providers.connection(provider).defaultModel();
        if (configured != null) {
            return configured;
        }
        return providers.models(provider.id(), false).stream().findFirst().map(Model::modelName)
                .orElseThrow(() -> ApiException.badRequest("config.model is required: provider '" + provider.name()
                        + "' has no default model"));
    }

    private static List<String> languages(List<String> requested, Persona persona) {
        return pick(requested, persona == null ? List.of("en") : persona.languages());
    }

    private static List<String> pick(List<String> requested, List<String> fallback) {
        if (requested != null) {
            return requested.stream().map(String::trim).filter(value -> !value.isEmpty()).distinct().toList();
        }
        return fallback == null ? List.of() : fallback;
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
