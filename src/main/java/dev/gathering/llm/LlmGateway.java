package dev.gathering.llm;

import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gathering.platform.cache.Caches;
import dev.gathering.platform.web.ApiException;
import dev.gathering.provider.ProviderConnection;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.TokenUsage;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Every call to a language model goes through here. It refuses early when a provider has no key, retries 429/5xx
 * and unreachable providers with exponential backoff and full jitter, and turns failures into the statuses a
 * client can act on: 502 when the provider rejects our credentials or request, 503 (with Retry-After) when it
 * stays overloaded or unreachable, 504 on timeout. Answers are cached only when the caller says the request is
 * deterministic (temperature 0) or the agent opted in.
 */
@Service
public class LlmGateway {

    private static final Logger log = LoggerFactory.getLogger(LlmGateway.class);

    private final ChatModels models;
    private final LlmProperties properties;
    private final Cache<String, LlmReply> answers;
    private final MeterRegistry meters;

    LlmGateway(ChatModels models, LlmProperties properties, Caches caches, MeterRegistry meters) {
        this.models = models;
        this.properties = properties;
        this.meters = meters;
        this.answers = caches.build("llm.responses", Caffeine.newBuilder().maximumSize(properties.cacheSize())
                .expireAfterWrite(properties.cacheTtl()));
    }

    /** A blocking call. {@code cacheable}: the same request may be answered from the response cache. */
    public LlmReply chat(ProviderConnection connection, LlmRequest request, boolean cacheable) {
        requireKey(connection);
        String cacheKey = cacheable ? cacheKey(connection, request) : null;
        if (cacheKey != null) {
            LlmReply cached = answers.getIfPresent(cacheKey);
            if (cached != null) {
                meters.counter("gathering.llm.calls", "provider", connection.provider(), "outcome", "cached").increment();
                return cached.fromCache();
            }
        }
        LlmReply reply = withRetries(connection, () -> {
            ChatResponse response = models.blocking(connection, request.model(), request.maxTokens()).chat(chatRequest(request));
            return reply(response);
        }, () -> false);
        if (cacheKey != null) {
            answers.put(cacheKey, reply);
        }
        return reply;
    }

    /**
     * A streaming call that returns once the answer is complete, handing each piece of text to {@code onToken} as it
     * arrives. Retries happen only while nothing has been streamed yet. Throws {@link CancellationException} when
     * {@code cancellation} fires.
     */
    public LlmReply stream(ProviderConnection connection, LlmRequest request, Consumer<String> onToken,
                           StreamCancellation cancellation) {
        requireKey(connection);
        var streamed = new java.util.concurrent.atomic.AtomicBoolean();
        return withRetries(connection, () -> {
            if (cancellation.isCancelled()) {
                throw new CancellationException("cancelled by the client");
            }
            CompletableFuture<ChatResponse> done = new CompletableFuture<>();
            cancellation.onCancel(() -> done.cancel(false));
            models.streaming(connection, request.model(), request.maxTokens()).chat(chatRequest(request),
                    new StreamingChatResponseHandler() {
                        @Override
                        public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                            cancellation.attach(context.streamingHandle());
                            if (cancellation.isCancelled()) {
                                done.cancel(false);
                                return;
                            }
                            streamed.set(true);
                            onToken.accept(partial.text());
                        }

                        @Override
                        public void onCompleteResponse(ChatResponse response) {
                            done.complete(response);
                        }

                        @Override
                        public void onError(Throwable error) {
                            done.completeExceptionally(error);
                        }
                    });
            try {
                ChatResponse response = done.get(properties.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
                if (cancellation.isCancelled()) {
                    throw new CancellationException("cancelled by the client");
                }
                return reply(response);
            } catch (CancellationException e) {
                throw new CancellationException("cancelled by the client");
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
            } catch (java.util.concurrent.TimeoutException e) {
                cancellation.cancel();
                throw new dev.langchain4j.exception.TimeoutException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted");
            }
        }, streamed::get);
    }

    private interface Call {
        LlmReply run();
    }

    private LlmReply withRetries(ProviderConnection connection, Call call, java.util.function.BooleanSupplier committed) {
        for (int attempt = 0; ; attempt++) {
            try {
                LlmReply reply = call.run();
                meters.counter("gathering.llm.calls", "provider", connection.provider(), "outcome", "success").increment();
                return reply;
            } catch (CancellationException e) {
                throw e;
            } catch (RuntimeException error) {
                Failure failure = classify(error);
                meters.counter("gathering.llm.calls", "provider", connection.provider(), "outcome", failure.kind()).increment();
                if (failure.retryable() && attempt < properties.maxRetries() && !committed.getAsBoolean()) {
                    Duration delay = backoff(attempt);
                    log.info("Provider {} failed ({}); retry {} of {} in {} ms", connection.provider(), failure.kind(),
                            attempt + 1, properties.maxRetries(), delay.toMillis());
                    sleep(delay);
                    continue;
                }
                throw failure.toApiException(connection, properties, attempt);
            }
        }
    }

    /** What a provider failure means for the client. */
    record Failure(String kind, boolean retryable, Integer status, String message) {

        ApiException toApiException(ProviderConnection connection, LlmProperties properties, int retries) {
            String provider = connection.provider();
            return switch (kind) {
                case "auth" -> new ApiException(HttpStatus.BAD_GATEWAY, "Provider " + provider
                        + " rejected the API key (HTTP " + status + "); check it with POST /settings/providers/" + provider + "/test");
                case "timeout" -> new ApiException(HttpStatus.GATEWAY_TIMEOUT, "Provider " + provider
                        + " did not answer within " + properties.timeout().toSeconds() + " s");
                case "overloaded" -> ApiException.serviceUnavailable("Provider " + provider + " is overloaded (HTTP "
                        + status + ") after " + (retries + 1) + " attempts; try again later", properties.retryAfter());
                case "unreachable" -> ApiException.serviceUnavailable("Provider " + provider + " is unreachable at "
                        + connection.baseUrl() + " after " + (retries + 1) + " attempts: " + message, properties.retryAfter());
                default -> new ApiException(HttpStatus.BAD_GATEWAY, "Provider " + provider + " refused the request"
                        + (status == null ? "" : " (HTTP " + status + ")") + ": " + message);
            };
        }
    }

    static Failure classify(Throwable error) {
        Integer status = null;
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpException http) {
                status = http.statusCode();
                break;
            }
        }
        String message = shortMessage(error);
        if (status == null) {
            if (error instanceof AuthenticationException) {
                status = 401;
            } else if (error instanceof RateLimitException) {
                status = 429;
            } else if (error instanceof InternalServerException) {
                status = 500;
            }
        }
        if (status != null) {
            if (status == 401 || status == 403) {
                return new Failure("auth", false, status, message);
            }
            if (status == 429 || status >= 500) {
                return new Failure("overloaded", true, status, message);
            }
            if (status == 408) {
                return new Failure("timeout", false, status, message);
            }
            return new Failure("rejected", false, status, message);
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof dev.langchain4j.exception.TimeoutException || cause instanceof HttpTimeoutException
                    || cause instanceof java.net.SocketTimeoutException) {
                return new Failure("timeout", false, null, message);
            }
            if (cause instanceof ConnectException || cause instanceof java.net.UnknownHostException
                    || cause instanceof java.nio.channels.ClosedChannelException) {
                return new Failure("unreachable", true, null, message);
            }
        }
        return new Failure("rejected", false, null, message);
    }

    private static String shortMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = error.getMessage() != null ? error.getMessage() : root.toString();
        String flat = message.replaceAll("\\s+", " ").strip();
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }

    private static void requireKey(ProviderConnection connection) {
        if (!connection.isConfigured()) {
            String variable = connection.provider().toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_API_KEY";
            throw ApiException.serviceUnavailable("Provider " + connection.provider() + " has no API key; set "
                    + variable + " or PATCH /settings/providers/" + connection.provider(), Duration.ofSeconds(60))
                    .with("provider", connection.provider());
        }
    }

    private Duration backoff(int attempt) {
        long ceiling = Math.min(properties.retryMax().toMillis(), properties.retryBase().toMillis() << Math.min(attempt, 20));
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        }
    }

    private static ChatRequest chatRequest(LlmRequest request) {
        ChatRequestParameters parameters = ChatRequestParameters.builder()
                .modelName(request.model())
                .temperature(request.temperature())
                .maxOutputTokens(request.maxTokens())
                .toolSpecifications(request.tools().isEmpty() ? null : request.tools())
                .build();
        return ChatRequest.builder().messages(request.messages()).parameters(parameters).build();
    }

    private static LlmReply reply(ChatResponse response) {
        TokenUsage usage = response.tokenUsage();
        int in = usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
        int out = usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
        return new LlmReply(response.aiMessage(), in, out, false);
    }

    static String cacheKey(ProviderConnection connection, LlmRequest request) {
        StringBuilder material = new StringBuilder()
                .append(connection.provider()).append('\n').append(connection.baseUrl()).append('\n')
                .append(request.model()).append('\n').append(request.temperature()).append('\n')
                .append(request.maxTokens()).append('\n')
                .append(ChatMessageSerializer.messagesToJson(request.messages())).append('\n');
        for (ToolSpecification tool : request.tools()) {
            material.append(tool.name()).append('|').append(tool.description()).append('|').append(tool.parameters()).append('\n');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(material.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
