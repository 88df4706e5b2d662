package dev.gathering.memory;

import java.util.List;

import dev.gathering.agent.AgentMemory;
import org.springframework.stereotype.Component;

/**
 * Fills the agents feature's memory port: a chat gets the agent's memories closest to the user's message (above the
 * embedding model's chat threshold), and each exchange of an agent whose {@code auto_remember} is on is remembered as
 * a {@code context} memory tagged {@code chat}.
 */
@Component
class ChatMemory implements AgentMemory {

    /** An exchange is remembered on its beginning: enough to find it again, not a second chat history. */
    static final int MAX_EXCHANGE = 4000;

    private final MemoryService memories;

    ChatMemory(MemoryService memories) {
        this.memories = memories;
    }

    @Override
    public List<String> recall(long agentId, String query, int limit) {
        return memories.recallForChat(agentId, query, limit).stream().map(hit -> hit.memory().value()).toList();
    }

    @Override
    public void rememberExchange(long agentId, String userMessage, String answer) {
        String exchange = "User: " + userMessage.strip() + "\nAssistant: " + (answer == null ? "" : answer.strip());
        if (exchange.length() > MAX_EXCHANGE) {
            exchange = exchange.substring(0, MAX_EXCHANGE - 1) + "…";
        }
        memories.remember(agentId, List.of(new MemoryService.MemoryInput(exchange, "context", null, List.of("chat"), 0.5,
                "agent", null)), "chat");
    }
}
