package dev.gathering.skill;

/**
 * On whose behalf a tool runs.
 *
 * @param agentId   the agent whose model called it (null when called from outside any agent, e.g. over MCP)
 * @param agentName its name, for messages
 * @param userId    who asked: the user chatting, {@code circle:<name>} for circle work, the MCP caller
 * @param via       where the call comes from: {@code chat}, {@code mcp}, …
 */
public record ToolContext(Long agentId, String agentName, String userId, String via) {

    public static ToolContext ofAgent(long agentId, String agentName, String userId) {
        return new ToolContext(agentId, agentName, userId, "chat");
    }

    /** The agent, or a failure saying the tool needs one. */
    public long requireAgent(String tool) {
        if (agentId == null) {
            throw new ToolFailure("Tool " + tool + " acts for an agent, and none is given");
        }
        return agentId;
    }
}
