package dev.gathering.agent;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.gathering.llm.LlmGateway;
import dev.gathering.llm.LlmProperties;
import dev.gathering.llm.LlmReply;
import dev.gathering.llm.LlmRequest;
import dev.gathering.llm.StreamCancellation;
import dev.gathering.platform.events.Event;
import dev.gathering.platform.events.EventBus;
import dev.gathering.platform.web.ApiException;
import dev.gathering.provider.ProviderConnection;
import dev.gathering.provider.ProviderService;
import dev.gathering.tool.ToolRegistry;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A chat with an agent: one at a time per agent (a second one is refused with 409 while the first runs, on any
 * instance), prompt assembled by {@link PromptBuilder} with the last 20 messages, a tool loop of up to 10 rounds
 * (30 s per tool call by default), real token counts and cost, and both messages stored together. The same code serves
 * blocking and streaming chats.
 */
@Service
public class ChatService {

    private static final Logger log = LoggerFactory.getLogger(ChatService.class);
    static final int HISTORY_WINDOW = 20;
    static final int MAX_ROUNDS = 10;
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    public record ToolCall(String id, String name, String arguments) {
    }

    public record ToolResult(String id, String tool, String arguments, String result, boolean success) {
    }

    public record ChatResult(String content, long agentId, String agentName, String model, long durationMs,
                             List<ToolCall> toolCalls, List<ToolResult> toolResults, int tokensUsed, int tokensIn,
                             int tokensOut, BigDecimal costUsd, boolean cached, int iterations) {
    }

    /** A chat that passed its checks and holds the agent; {@link #run} must follow (it releases the agent). */
    public record Turn(Agent agent, ProviderConnection connection, String message, boolean includeMemories,
                       boolean allowTools, String userId, boolean withHistory, long startedNanos) {
    }

    private final AgentService agents;
    private final AgentRepository repository;
    private final AgentSessionRepository sessions;
    private final ChatHistoryRepository history;
    private final ProviderService providers;
    private final LlmGateway gateway;
    private final ToolRegistry tools;
    private final PromptBuilder prompts;
    private final ObjectProvider<AgentMemory> memory;
    private final ObjectProvider<AgentProjectContext> projects;
    private final TransactionTemplate transaction;
    private final JsonMapper json;
    private final EventBus events;
    private final Duration lease;
    private final Duration toolTimeout;

    ChatService(AgentService agents, AgentRepository repository, AgentSessionRepository sessions,
                ChatHistoryRepository history, ProviderService providers, LlmGateway gateway, ToolRegistry tools,
                PromptBuilder prompts, ObjectProvider<AgentMemory> memory, ObjectProvider<AgentProjectContext> projects,
                TransactionTemplate transaction, JsonMapper json, LlmProperties llm, EventBus events) {
        this.agents = agents;
        this.repository = repository;
        this.sessions = sessions;
        this.history = history;
        this.providers = providers;
        this.gateway = gateway;
        this.tools = tools;
        this.prompts = prompts;
        this.memory = memory;
        this.projects = projects;
        this.transaction = transaction;
        this.json = json;
        this.events = events;
        this.toolTimeout = llm.toolTimeout();
        this.lease = llm.timeout().multipliedBy(2).plus(toolTimeout);
    }

    /** Checks and holds the agent: 404 unknown agent, 503 provider without key, 409 agent already answering. */
    public Turn begin(long agentId, String message, boolean includeMemories, boolean allowTools, String userId) {
        return begin(agentId, message, includeMemories, allowTools, userId, true);
    }

    private Turn begin(long agentId, String message, boolean includeMemories, boolean allowTools, String userId,
                       boolean withHistory) {
        Agent agent = agents.get(agentId);
        ProviderConnection connection = providers.connection(providers.byName(agent.providerName()));
        if (!connection.isConfigured()) {
            // the gateway's message names the variable and the settings route
            gateway.chat(connection, new LlmRequest(agent.modelName(), List.of(UserMessage.from(message)), List.of(),
                    agent.temperature(), agent.maxTokens()), false);
        }
        if (!repository.claim(agentId, lease)) {
            throw ApiException.conflict("Agent " + agentId + " (" + agent.name()
                    + ") is already answering a message; try again when it is done");
        }
        return new Turn(agent, connection, message, includeMemories, allowTools, userId, withHistory, System.nanoTime());
    }

    public ChatResult chat(long agentId, String message, boolean includeMemories, boolean allowTools, String userId) {
        return run(begin(agentId, message, includeMemories, allowTools, userId), null, new StreamCancellation());
    }

    /**
     * Work outside a conversation, such as a circle task or review: the same machinery (persona prompt, memories,
     * tools, accounting, one chat at a time per agent) without the chat history in the prompt. The exchange is
     * stored in the agent's history like any other, under {@code userId}.
     */
    public ChatResult work(long agentId, String instructions, String userId) {
        return run(begin(agentId, instructions, true, true, userId, false), null, new StreamCancellation());
    }

    /**
     * Runs a begun chat. With {@code onToken} the model is streamed and each piece of text handed over as it comes;
     * {@code cancellation} stops it (nothing is stored then). The agent is released in every case.
     */
    public ChatResult run(Turn turn, Consumer<String> onToken, StreamCancellation cancellation) {
        Agent agent = turn.agent();
        events.publish(Event.of("agent.chat.started", Map.of("agent_id", agent.id(), "agent_name", agent.name(),
                "streaming", onToken != null, "user_id", String.valueOf(turn.userId()))).sourceAgent(agent.id()));
        try {
            List<ChatHistoryRepository.Row> recent = turn.withHistory() ? history.recent(agent.id(), HISTORY_WINDOW) : List.of();
            String lastUserMessage = recent.reversed().stream().filter(row -> row.role().equals("user"))
                    .map(ChatHistoryRepository.Row::content).findFirst().orElse(null);
            List<String> memories = turn.includeMemories() ? recall(agent, turn.message()) : List.of();
            List<ChatMessage> messages = new ArrayList<>();
            messages.add(SystemMessage.from(prompts.system(agent, memories, lastUserMessage, projectContext(agent))));
            for (ChatHistoryRepository.Row row : recent) {
                messages.add(row.role().equals("user") ? UserMessage.from(row.content()) : AiMessage.from(row.content()));
            }
            messages.add(UserMessage.from(turn.message()));
            List<ToolSpecification> offered = turn.allowTools() ? tools.specifications() : List.of();
            boolean cacheable = agent.temperature() == 0.0 || agent.cacheResponses();

            int tokensIn = 0;
            int tokensOut = 0;
            boolean allCached = true;
            List<ToolCall> toolCalls = new ArrayList<>();
            List<ToolResult> toolResults = new ArrayList<>();
            String content = null;
            int rounds = 0;
            while (rounds < MAX_ROUNDS) {
                rounds++;
                LlmRequest request = new LlmRequest(agent.modelName(), messages, offered, agent.temperature(), agent.maxTokens());
                LlmReply reply = onToken == null
                        ? gateway.chat(turn.connection(), request, cacheable)
                        : gateway.stream(turn.connection(), request, onToken, cancellation);
                tokensIn += reply.tokensIn();
                tokensOut += reply.tokensOut();
                allCached &= reply.cached();
                AiMessage answer = reply.message();
                if (!answer.hasToolExecutionRequests()) {
                    content = answer.text() == null ? "" : answer.text();
                    break;
                }
                messages.add(answer);
                content = answer.text();
                for (ToolExecutionRequest call : answer.toolExecutionRequests()) {
                    toolCalls.add(new ToolCall(call.id(), call.name(), call.arguments()));
                    ToolRegistry.Outcome outcome = tools.execute(call.name(), call.arguments(), toolTimeout);
                    events.publish(Event.of("agent.tool.executed", Map.of("agent_id", agent.id(), "tool_name", call.name(),
                            "success", outcome.success(), "duration_ms", outcome.durationMs())).sourceAgent(agent.id()));
                    toolResults.add(new ToolResult(call.id(), call.name(), call.arguments(), outcome.result(), outcome.success()));
                    messages.add(ToolExecutionResultMessage.from(call, outcome.result()));
                }
                repository.extend(agent.id(), lease);
            }
            if (rounds == MAX_ROUNDS && content == null) {
                content = "";
            }
            if (cancellation.isCancelled()) {
                throw new java.util.concurrent.CancellationException("cancelled by the client");
            }
            long durationMs = (System.nanoTime() - turn.startedNanos()) / 1_000_000;
            BigDecimal cost = cost(agent, tokensIn, tokensOut);
            String finalContent = content;
            String toolCallsJson = toolCalls.isEmpty() ? null : json.writeValueAsString(Map.of("calls", toolCalls, "results", toolResults));
            var exchange = new ChatHistoryRepository.Exchange(agent.id(), turn.userId(), turn.message(), finalContent,
                    agent.providerName(), agent.modelName(), tokensIn, tokensOut, cost, durationMs, allCached, toolCallsJson);
            transaction.executeWithoutResult(status -> {
                history.insert(exchange);
                sessions.recordExchange(agent.id());
            });
            if (agent.autoRemember()) {
                remember(agent, turn.message(), finalContent);
            }
            events.publish(Event.of("agent.chat.completed", Map.of("agent_id", agent.id(), "agent_name", agent.name(),
                    "model", agent.modelName(), "duration_ms", durationMs, "tokens_in", tokensIn, "tokens_out", tokensOut,
                    "cost_usd", cost, "cached", allCached, "tool_calls", toolCalls.size())).sourceAgent(agent.id()));
            return new ChatResult(finalContent, agent.id(), agent.name(), agent.modelName(), durationMs, toolCalls,
                    toolResults, tokensIn + tokensOut, tokensIn, tokensOut, cost, allCached, rounds);
        } catch (RuntimeException e) {
            events.publish(Event.of("agent.chat.failed", Map.of("agent_id", agent.id(), "agent_name", agent.name(),
                    "error", e instanceof java.util.concurrent.CancellationException ? "cancelled" : String.valueOf(e.getMessage())))
                    .sourceAgent(agent.id()));
            throw e;
        } finally {
            // a cancelled step arrives here interrupted: release the agent anyway, then keep the interrupt
            boolean interrupted = Thread.interrupted();
            try {
                repository.release(agent.id());
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private List<String> recall(Agent agent, String message) {
        AgentMemory store = memory.getIfAvailable();
        if (store == null || message.isBlank()) {
            return List.of();
        }
        try {
            return store.recall(agent.id(), message, PromptBuilder.MEMORY_LIMIT);
        } catch (RuntimeException e) {
            log.warn("Recalling memories for agent {} failed; answering without them: {}", agent.id(), e.toString());
            return List.of();
        }
    }

    private String projectContext(Agent agent) {
        AgentProjectContext source = projects.getIfAvailable();
        if (source == null) {
            return null;
        }
        try {
            return source.forAgent(agent.id()).orElse(null);
        } catch (RuntimeException e) {
            log.warn("Reading the project context of agent {} failed; answering without it: {}", agent.id(), e.toString());
            return null;
        }
    }

    private void remember(Agent agent, String message, String answer) {
        AgentMemory store = memory.getIfAvailable();
        if (store != null) {
            try {
                store.rememberExchange(agent.id(), message, answer);
            } catch (RuntimeException e) {
                log.warn("Remembering the exchange of agent {} failed: {}", agent.id(), e.toString());
            }
        }
    }

    static BigDecimal cost(Agent agent, int tokensIn, int tokensOut) {
        BigDecimal in = agent.pricingIn() == null ? BigDecimal.ZERO : agent.pricingIn();
        BigDecimal out = agent.pricingOut() == null ? BigDecimal.ZERO : agent.pricingOut();
        return in.multiply(BigDecimal.valueOf(tokensIn)).add(out.multiply(BigDecimal.valueOf(tokensOut)))
                .divide(MILLION, MathContext.DECIMAL64);
    }
}
