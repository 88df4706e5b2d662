package dev.gathering.agent;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import dev.gathering.llm.LlmProperties;
import dev.gathering.llm.StreamCancellation;
import dev.gathering.platform.ratelimit.RateLimited;
import dev.gathering.platform.ratelimit.Tier;
import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.web.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@Validated
class ChatController {

    private static final Logger log = LoggerFactory.getLogger(ChatController.class);

    record ChatRequest(@NotBlank @Size(max = 100_000) String message, Boolean includeMemories, Boolean allowTools) {
        boolean memories() {
            return includeMemories == null || includeMemories;
        }

        boolean tools() {
            return allowTools == null || allowTools;
        }
    }

    record HistoryMessage(long id, String role, String content, Instant timestamp, String agentName) {
    }

    record History(long agentId, List<HistoryMessage> messages, int total) {
    }

    record Usage(long agentId, long messages, long tokensIn, long tokensOut, java.math.BigDecimal costUsd,
                 List<ChatHistoryRepository.UsageLine> byDay) {
    }

    record UsageReport(int days, List<ChatHistoryRepository.UsageLine> lines, long tokensIn, long tokensOut,
                       java.math.BigDecimal costUsd) {
    }

    private final ChatService chats;
    private final AgentService agents;
    private final ChatHistoryRepository history;
    private final long streamTimeoutMs;

    ChatController(ChatService chats, AgentService agents, ChatHistoryRepository history, LlmProperties llm) {
        this.chats = chats;
        this.agents = agents;
        this.history = history;
        this.streamTimeoutMs = llm.timeout().multipliedBy(ChatService.MAX_ROUNDS + 1).toMillis();
    }

    @PostMapping("/agents/{agentId}/chat")
    @RateLimited(Tier.WRITE)
    ChatService.ChatResult chat(@PathVariable long agentId, @Valid @RequestBody ChatRequest body,
                                @AuthenticationPrincipal AuthenticatedUser caller) {
        return chats.chat(agentId, body.message(), body.memories(), body.tools(), caller.id());
    }

    /**
     * Server-Sent Events: {@code start}, then {@code token} events ({@code {content}}) as the model writes, then
     * {@code done} with the same summary as the blocking chat, or {@code error} ({@code {status, detail}}). The checks
     * (unknown agent, provider without key, agent busy) fail before the stream opens, as ordinary problem responses.
     * A client that disconnects cancels the provider call. The web UI's chat panel posts to the same handler under
     * {@code /ui/}, where its session cookie (with the page's CSRF token) is accepted.
     */
    @PostMapping(path = {"/agents/{agentId}/chat/stream", "/ui/agents/{agentId}/chat/stream"},
            produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @RateLimited(Tier.WRITE)
    SseEmitter stream(@PathVariable long agentId, @Valid @RequestBody ChatRequest body,
                      @AuthenticationPrincipal AuthenticatedUser caller) {
        ChatService.Turn turn = chats.begin(agentId, body.message(), body.memories(), body.tools(), caller.id());
        SseEmitter emitter = new SseEmitter(streamTimeoutMs);
        StreamCancellation cancellation = new StreamCancellation();
        emitter.onCompletion(cancellation::cancel);
        emitter.onTimeout(cancellation::cancel);
        emitter.onError(error -> cancellation.cancel());
        Thread.ofVirtual().name("chat-stream-" + agentId).start(() -> {
            try {
                send(emitter, "start", Map.of("agent_id", agentId, "agent_name", turn.agent().name(),
                        "timestamp", Instant.now().toString()), cancellation);
                ChatService.ChatResult result = chats.run(turn,
                        token -> send(emitter, "token", Map.of("content", token), cancellation), cancellation);
                send(emitter, "done", result, cancellation);
                emitter.complete();
            } catch (CancellationException e) {
                log.info("Chat stream with agent {} cancelled by the client", agentId);
                emitter.complete();
            } catch (ApiException e) {
                send(emitter, "error", Map.of("status", e.status().value(), "detail", e.getMessage()), cancellation);
                emitter.complete();
            } catch (RuntimeException e) {
                log.error("Chat stream with agent {} failed", agentId, e);
                send(emitter, "error", Map.of("status", 500, "detail", "Chat failed: internal error"), cancellation);
                emitter.complete();
            }
        });
        return emitter;
    }

    @GetMapping("/agents/{agentId}/history")
    @RateLimited(Tier.READ)
    History history(@PathVariable long agentId, @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        Agent agent = agents.get(agentId);
        List<HistoryMessage> messages = history.recent(agentId, limit).stream()
                .map(row -> new HistoryMessage(row.id(), row.role(), row.content(), row.createdAt().toInstant(),
                        row.role().equals("assistant") ? agent.name() : null))
                .toList();
        return new History(agentId, messages, messages.size());
    }

    @GetMapping("/agents/{agentId}/usage")
    @RateLimited(Tier.READ)
    Usage usage(@PathVariable long agentId, @RequestParam(defaultValue = "30") @Min(1) @Max(3660) int days) {
        agents.get(agentId);
        ChatHistoryRepository.Usage total = history.usage(agentId);
        return new Usage(agentId, total.messages(), total.tokensIn(), total.tokensOut(), total.costUsd(),
                history.usageLines(agentId, days));
    }

    /** Tokens and cost per day, provider and model, across agents. */
    @GetMapping("/usage")
    @RateLimited(Tier.READ)
    UsageReport usageReport(@RequestParam(defaultValue = "30") @Min(1) @Max(3660) int days) {
        List<ChatHistoryRepository.UsageLine> lines = history.usageLines(null, days);
        return new UsageReport(days, lines,
                lines.stream().mapToLong(ChatHistoryRepository.UsageLine::tokensIn).sum(),
                lines.stream().mapToLong(ChatHistoryRepository.UsageLine::tokensOut).sum(),
                lines.stream().map(ChatHistoryRepository.UsageLine::costUsd).reduce(java.math.BigDecimal.ZERO,
                        java.math.BigDecimal::add));
    }

    private static void send(SseEmitter emitter, String event, Object data, StreamCancellation cancellation) {
        if (cancellation.isCancelled()) {
            return;
        }
        try {
            emitter.send(SseEmitter.event().name(event).data(data, MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException e) {
            cancellation.cancel();
        }
    }
}
