package dev.gathering.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import dev.gathering.llm.StreamCancellation;
import dev.gathering.platform.ratelimit.RateLimited;
import dev.gathering.platform.ratelimit.Tier;
import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.web.ApiException;
import jakarta.servlet.http.HttpServletResponse;
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
import tools.jackson.databind.json.JsonMapper;

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
    private final ChatStreams streams;
    private final JsonMapper json;

    ChatController(ChatService chats, AgentService agents, ChatHistoryRepository history, ChatStreams streams,
                   JsonMapper json) {
        this.chats = chats;
        this.agents = agents;
        this.history = history;
        this.streams = streams;
        this.json = json;
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
     * The stream is written by the request's own (virtual) thread, so that a request that ends leaves nothing behind:
     * a client that disconnects fails the next write, which cancels the provider call; a server that stops cancels the
     * streams still open ({@link ChatStreams}) so that shutdown need not wait for them.
     * The web UI's chat panel posts to the same handler under {@code /ui/}, where its session cookie (with the page's
     * CSRF token) is accepted.
     */
    @PostMapping(path = {"/agents/{agentId}/chat/stream", "/ui/agents/{agentId}/chat/stream"},
            produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @RateLimited(Tier.WRITE)
    void stream(@PathVariable long agentId, @Valid @RequestBody ChatRequest body,
                @AuthenticationPrincipal AuthenticatedUser caller, HttpServletResponse response) throws IOException {
        ChatService.Turn turn = chats.begin(agentId, body.message(), body.memories(), body.tools(), caller.id());
        StreamCancellation cancellation = streams.open();
        try {
            response.setStatus(200);
            response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
            response.setCharacterEncoding("UTF-8");
            response.setHeader("X-Accel-Buffering", "no");
            OutputStream out = response.getOutputStream();
            send(out, "start", Map.of("agent_id", agentId, "agent_name", turn.agent().name(),
                    "timestamp", Instant.now().toString()), cancellation);
            try {
                ChatService.ChatResult result = chats.run(turn, token -> send(out, "token", Map.of("content", token),
                        cancellation), cancellation);
                send(out, "done", result, cancellation);
            } catch (CancellationException e) {
                if (streams.stopping()) {
                    send(out, "error", Map.of("status", 503, "detail", "The server is shutting down"), null);
                } else {
                    log.info("Chat stream with agent {} cancelled by the client", agentId);
                }
            } catch (ApiException e) {
                send(out, "error", Map.of("status", e.status().value(), "detail", e.getMessage()), cancellation);
            } catch (RuntimeException e) {
                log.error("Chat stream with agent {} failed", agentId, e);
                send(out, "error", Map.of("status", 500, "detail", "Chat failed: internal error"), cancellation);
            }
        } finally {
            streams.close(cancellation);
        }
    }

    @GetMapping("/agents/{agentId}/history")
    @RateLimited(Tier.READ)
    History history(@PathVariable long agentId, @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
                    @AuthenticationPrincipal AuthenticatedUser caller) {
        Agent agent = agents.get(agentId);
        List<HistoryMessage> messages = history.recent(agentId, ownOnly(caller), limit).stream()
                .map(row -> new HistoryMessage(row.id(), row.role(), row.content(), row.createdAt().toInstant(),
                        row.role().equals("assistant") ? agent.name() : null))
                .toList();
        return new History(agentId, messages, messages.size());
    }

    @GetMapping("/agents/{agentId}/usage")
    @RateLimited(Tier.READ)
    Usage usage(@PathVariable long agentId, @RequestParam(defaultValue = "30") @Min(1) @Max(3660) int days,
                @AuthenticationPrincipal AuthenticatedUser caller) {
        agents.get(agentId);
        ChatHistoryRepository.Usage total = history.usage(agentId, ownOnly(caller));
        return new Usage(agentId, total.messages(), total.tokensIn(), total.tokensOut(), total.costUsd(),
                history.usageLines(agentId, ownOnly(caller), days));
    }

    /** Tokens and cost per day, provider and model, across agents: the caller's own (an admin's: everyone's). */
    @GetMapping("/usage")
    @RateLimited(Tier.READ)
    UsageReport usageReport(@RequestParam(defaultValue = "30") @Min(1) @Max(3660) int days,
                            @AuthenticationPrincipal AuthenticatedUser caller) {
        List<ChatHistoryRepository.UsageLine> lines = history.usageLines(null, ownOnly(caller), days);
        return new UsageReport(days, lines,
                lines.stream().mapToLong(ChatHistoryRepository.UsageLine::tokensIn).sum(),
                lines.stream().mapToLong(ChatHistoryRepository.UsageLine::tokensOut).sum(),
                lines.stream().map(ChatHistoryRepository.UsageLine::costUsd).reduce(java.math.BigDecimal.ZERO,
                        java.math.BigDecimal::add));
    }

    /** Chat history and usage are private: each user sees their own, an admin everyone's (null). */
    private static String ownOnly(AuthenticatedUser caller) {
        return caller.isAdmin() ? null : caller.id();
    }

    /** One SSE event; a failed write (the client left) cancels the chat. */
    private void send(OutputStream out, String event, Object data, StreamCancellation cancellation) {
        if (cancellation != null && cancellation.isCancelled()) {
            return;
        }
        try {
            out.write(("event:" + event + "\ndata:" + json.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException | RuntimeException e) {
            if (cancellation != null) {
                cancellation.cancel();
            }
        }
    }
}
