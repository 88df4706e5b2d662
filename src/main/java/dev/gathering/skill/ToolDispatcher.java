package dev.gathering.skill;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.gathering.agent.AgentTools;
import dev.gathering.platform.events.Event;
import dev.gathering.platform.events.EventBus;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs tool calls. For an agent (its {@link AgentTools.Toolbox}, read once per chat): the tool must exist, belong to
 * a skill enabled for the agent, need no permission the agent lacks, and not run programs unless the server allows
 * it; its arguments must be JSON that passes the tool's schema. Only then does the handler run, on its own virtual
 * thread with a time limit. Every refusal and failure is a result the model reads and can correct; every call is
 * counted and published as {@code agent.tool.executed}.
 */
@Service
public class ToolDispatcher implements AgentTools, DisposableBean {

    private static final int MAX_EVENT_PARAMS = 1000;

    private final SkillCatalog catalog;
    private final AgentSkills agentSkills;
    private final UsageRecorder usage;
    private final SkillProperties properties;
    private final EventBus events;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    ToolDispatcher(SkillCatalog catalog, AgentSkills agentSkills, UsageRecorder usage, SkillProperties properties,
                   EventBus events, JsonMapper json, MeterRegistry meters) {
        this.catalog = catalog;
        this.agentSkills = agentSkills;
        this.usage = usage;
        this.properties = properties;
        this.events = events;
        this.json = json;
        this.meters = meters;
    }

    @Override
    public Toolbox toolbox(long agentId, String agentName) {
        AgentSkills.Grants grants = agentSkills.grants(agentId);
        List<String> offeredSkills = new ArrayList<>();
        List<ToolSpecification> specifications = new ArrayList<>();
        for (String skillName : grants.enabledSkills().keySet().stream().sorted().toList()) {
            SkillCatalog.Entry entry = catalog.skill(skillName).orElse(null);
            if (entry == null || refusal(entry.skill(), null, grants.permissions(), agentId) != null) {
                continue;
            }
            boolean any = false;
            for (SkillCatalog.CompiledTool tool : entry.tools()) {
                if (grants.permissions().containsAll(tool.tool().permissions())) {
                    specifications.add(tool.specification());
                    any = true;
                }
            }
            if (any) {
                offeredSkills.add(skillName);
            }
        }
        return new AgentToolbox(agentId, agentName, grants, List.copyOf(offeredSkills), List.copyOf(specifications));
    }

    private final class AgentToolbox implements Toolbox {
        private final long agentId;
        private final String agentName;
        private final AgentSkills.Grants grants;
        private final List<String> skills;
        private final List<ToolSpecification> specifications;

        AgentToolbox(long agentId, String agentName, AgentSkills.Grants grants, List<String> skills,
                     List<ToolSpecification> specifications) {
            this.agentId = agentId;
            this.agentName = agentName;
            this.grants = grants;
            this.skills = skills;
            this.specifications = specifications;
        }

        @Override
        public List<String> skills() {
            return skills;
        }

        @Override
        public List<ToolSpecification> specifications() {
            return specifications;
        }

        @Override
        public Outcome call(ToolExecutionRequest request, String userId, Duration timeout) {
            long started = System.nanoTime();
            String name = request.name();
            SkillCatalog.CompiledTool tool = catalog.tool(name);
            Outcome outcome;
            if (tool == null) {
                outcome = failure("Unknown tool: " + name, started);
            } else {
                String refusal = grants.enabledSkills().containsKey(tool.skill().name())
                        ? refusal(tool.skill(), tool.tool(), grants.permissions(), agentId)
                        : "Tool " + name + " belongs to skill '" + tool.skill().name() + "', which is not enabled for agent "
                          + agentId + " (" + agentName + ")";
                outcome = refusal != null ? failure(refusal, started)
                        : run(tool, request.arguments(), new ToolContext(agentId, agentName, userId, "chat"), timeout, started);
                Long skillId = grants.enabledSkills().get(tool.skill().name());
                if (skillId != null) {
                    usage.record(agentId, skillId);
                }
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("agent_id", agentId);
            data.put("tool_name", name);
            data.put("skill_name", tool == null ? null : tool.skill().name());
            String params = request.arguments() == null ? "{}" : request.arguments();
            data.put("params", params.length() > MAX_EVENT_PARAMS ? params.substring(0, MAX_EVENT_PARAMS) + "…" : params);
            data.put("success", outcome.success());
            data.put("duration_ms", outcome.durationMs());
            events.publish(Event.of("agent.tool.executed", data).sourceAgent(agentId).privateTo(userId));
            return outcome;
        }
    }

    /**
     * Runs a tool for a caller that is not an agent's model (GatheRing's MCP server): the same validation, time limit
     * and error results, no per-agent checks. Throws nothing.
     */
    public Outcome invoke(String toolName, String argumentsJson, ToolContext context, Duration timeout) {
        long started = System.nanoTime();
        SkillCatalog.CompiledTool tool = catalog.tool(toolName);
        if (tool == null) {
            return failure("Unknown tool: " + toolName, started);
        }
        if (tool.skill().info().dangerous() && !properties.exec()) {
            return failure(execRefusal(tool.tool().name()), started);
        }
        return run(tool, argumentsJson, context, timeout, started);
    }

    /** Null when the agent may use this skill (and tool, when given); otherwise why not. */
    String refusal(Skill skill, Tool tool, Set<Permission> held, long agentId) {
        if (skill.info().dangerous() && !properties.exec()) {
            return execRefusal(tool == null ? skill.name() : tool.name());
        }
        Set<Permission> needed = EnumSet.noneOf(Permission.class);
        needed.addAll(skill.info().permissions());
        if (tool != null) {
            needed.addAll(tool.permissions());
        }
        needed.removeAll(held);
        if (!needed.isEmpty()) {
            return (tool == null ? "Skill " + skill.name() : "Tool " + tool.name()) + " needs the permission(s) "
                    + String.join(", ", Permission.names(needed)) + ", which agent " + agentId + " does not hold";
        }
        return null;
    }

    static String execRefusal(String what) {
        return what + " runs commands or code on the server, which this server does not allow"
                + " (an administrator can allow it with GATHERING_AGENT_EXEC=true)";
    }

    private Outcome run(SkillCatalog.CompiledTool tool, String argumentsJson, ToolContext context, Duration timeout,
                        long started) {
        String name = tool.tool().name();
        JsonNode arguments;
        try {
            arguments = argumentsJson == null || argumentsJson.isBlank() ? json.createObjectNode() : json.readTree(argumentsJson);
        } catch (JacksonException e) {
            return failure("Invalid parameters for tool '" + name + "': the arguments are not valid JSON (at (root))", started);
        }
        if (arguments == null || arguments.isNull() || arguments.isMissingNode()) {
            arguments = json.createObjectNode();
        }
        String invalid = ToolSchemas.validate(name, tool.validator(), arguments);
        if (invalid != null) {
            meters.counter("gathering.skills.calls", "skill", tool.skill().name(), "outcome", "invalid").increment();
            return failure(invalid, started);
        }
        ToolCall call = new ToolCall(name, arguments, context);
        Timer.Sample sample = Timer.start(meters);
        Future<Object> running = executor.submit(() -> tool.tool().handler().call(call));
        String outcome = "error";
        try {
            Object result = running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            outcome = "success";
            return new Outcome(render(result), true, elapsed(started));
        } catch (TimeoutException e) {
            running.cancel(true);
            outcome = "timeout";
            return failure("Tool " + name + " timed out after " + describe(timeout), started);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            return failure("Tool " + name + " failed: " + reason, started);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.cancel(true);
            return failure("Tool " + name + " was interrupted", started);
        } finally {
            sample.stop(meters.timer("gathering.skills.call.duration", "skill", tool.skill().name(), "outcome", outcome));
        }
    }

    private String render(Object result) {
        if (result == null) {
            return "null";
        }
        if (result instanceof String text) {
            return text;
        }
        if (result instanceof JsonNode node) {
            return node.toString();
        }
        return json.writeValueAsString(result);
    }

    private Outcome failure(String message, long started) {
        return new Outcome(json.writeValueAsString(Map.of("error", message)), false, elapsed(started));
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static String describe(Duration timeout) {
        long millis = timeout.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
