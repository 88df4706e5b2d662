package dev.gathering.agent;

import java.util.List;

/**
 * What chat asks of long-term memory. Filled by the memory feature; when no implementation is present, chat runs
 * without recalled memories and remembers nothing.
 */
public interface AgentMemory {

    /**
     * Up to {@code limit} memories relevant to {@code query}, most relevant first, among those {@code userId} may see
     * (their own and the shared ones: never another user's private memories).
     */
    List<String> recall(long agentId, String userId, String query, int limit);

    /** Called after each exchange of an agent whose {@code auto_remember} is on; the memory belongs to {@code userId}. */
    void rememberExchange(long agentId, String userId, String userMessage, String answer);
}
