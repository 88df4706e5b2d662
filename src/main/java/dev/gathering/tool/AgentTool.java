package dev.gathering.tool;

import dev.langchain4j.agent.tool.ToolSpecification;

/**
 * A capability an agent's model may call during a chat. Implementations are Spring beans; the registry offers all
 * of them to the model (per-agent skill selection comes with the skills feature).
 */
public interface AgentTool {

    ToolSpecification specification();

    /** Runs the tool with the model's JSON arguments and returns its result as text (JSON preferred). */
    String execute(String argumentsJson) throws Exception;
}
