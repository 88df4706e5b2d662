package dev.gathering.agent;

import java.time.Duration;
import java.util.List;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;

/**
 * What chat asks of the skills feature: the tools an agent's model is offered, and running the calls it makes.
 * Implemented by {@code dev.gathering.skill.ToolDispatcher}.
 */
public interface AgentTools {

    /** The result of one call, as the model will read it; failures are results too ({@code {"error": …}}). */
    record Outcome(String result, boolean success, long durationMs) {
    }

    /** One agent's tools for one chat, read once at its start. */
    interface Toolbox {

        /** The names of the skills whose tools are offered. */
        List<String> skills();

        List<ToolSpecification> specifications();

        /** Runs one call of the model; never throws. {@code userId}: who the agent is working for. */
        Outcome call(ToolExecutionRequest request, String userId, Duration timeout);
    }

    Toolbox toolbox(long agentId, String agentName);

    /** No tools: what a chat with {@code allow_tools=false} uses. */
    static Toolbox none() {
        return new Toolbox() {
            @Override
            public List<String> skills() {
                return List.of();
            }

            @Override
            public List<ToolSpecification> specifications() {
                return List.of();
            }

            @Override
            public Outcome call(ToolExecutionRequest request, String userId, Duration timeout) {
                return new Outcome("{\"error\":\"No tools may be used in this chat\"}", false, 0);
            }
        };
    }
}
