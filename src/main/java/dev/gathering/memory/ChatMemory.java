package dev.gathering.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.gathering.agent.AgentMemory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Fills the agents feature's memory port: a chat gets the agent's memories closest to the user's message (above the
 * embedding model's chat threshold), and each exchange of an agent whose {@code auto_remember} is on is remembered as
 * a {@code context} memory tagged {@code chat}.
 *
 * <p>Exchanges are remembered after the answer has been returned: they wait in a bounded queue, and one background
 * worker stores whatever has accumulated as one batch (one embedding call, one transaction), so that many chats ending
 * together cost little. When the queue is full, the chat that ends stores its own exchange before returning.
 */
@Component
class ChatMemory implements AgentMemory, SmartLifecycle {

    /** An exchange is remembered on its beginning: enough to find it again, not a second chat history. */
    static final int MAX_EXCHANGE = 4000;
    static final int QUEUE = 1000;
    static final int BATCH = 200;

    private static final Logger log = LoggerFactory.getLogger(ChatMemory.class);

    private final MemoryService memories;
    private final BlockingQueue<MemoryService.Owned> queue = new ArrayBlockingQueue<>(QUEUE);
    private volatile boolean running;
    private Thread worker;

    ChatMemory(MemoryService memories) {
        this.memories = memories;
    }

    @Override
    public List<String> recall(long agentId, String userId, String query, int limit) {
        return memories.recallForChat(agentId, userId, query, limit).stream().map(hit -> hit.memory().value()).toList();
    }

    /** The exchange is a private memory of the user who chatted (scope agent). */
    @Override
    public void rememberExchange(long agentId, String userId, String userMessage, String answer) {
        String exchange = "User: " + userMessage.strip() + "\nAssistant: " + (answer == null ? "" : answer.strip());
        if (exchange.length() > MAX_EXCHANGE) {
            exchange = exchange.substring(0, MAX_EXCHANGE - 1) + "…";
        }
        MemoryService.Owned item = new MemoryService.Owned(agentId, new MemoryService.MemoryInput(exchange, "context", null,
                List.of("chat"), 0.5, "agent", null), userId == null ? "admin" : userId);
        if (!running || !queue.offer(item)) {
            memories.rememberForChat(List.of(item));
        }
    }

    private void work() {
        while (running || !queue.isEmpty()) {
            List<MemoryService.Owned> batch = new ArrayList<>();
            try {
                MemoryService.Owned first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
            } catch (InterruptedException e) {
                if (!running) {
                    queue.drainTo(batch, BATCH);
                    if (batch.isEmpty()) {
                        return;
                    }
                } else {
                    continue;
                }
            }
            queue.drainTo(batch, BATCH - batch.size());
            try {
                memories.rememberForChat(batch);
            } catch (RuntimeException e) {
                log.warn("Remembering {} chat exchange(s) failed: {}", batch.size(), e.getMessage());
            }
        }
    }

    @Override
    public void start() {
        running = true;
        worker = Thread.ofVirtual().name("chat-memory").start(this::work);
    }

    /** Stores what is still queued, then stops (before the pool closes). */
    @Override
    public void stop() {
        running = false;
        if (worker != null) {
            try {
                worker.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1002;
    }
}
