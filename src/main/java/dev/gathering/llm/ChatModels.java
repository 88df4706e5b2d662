package dev.gathering.llm;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gathering.platform.cache.Caches;
import dev.gathering.provider.ApiType;
import dev.gathering.provider.ProviderConnection;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiStreamingChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import org.springframework.stereotype.Component;

/**
 * LangChain4j clients, one per provider connection and model, kept in a bounded cache (they are thread-safe and
 * hold an HTTP client). LangChain4j's own retries are off: {@link LlmGateway} retries with its own policy.
 */
@Component
class ChatModels {

    private record Key(ApiType type, String baseUrl, String apiKey, String model, int maxTokens, boolean streaming) {
    }

    private final Duration timeout;
    private final Cache<Key, Object> models;

    ChatModels(LlmProperties properties, Caches caches) {
        this.timeout = properties.timeout();
        this.models = caches.build("llm.clients", Caffeine.newBuilder().maximumSize(200)
                .expireAfterAccess(Duration.ofHours(1)));
    }

    ChatModel blocking(ProviderConnection connection, String model, int maxTokens) {
        Key key = new Key(connection.type(), connection.baseUrl(), connection.apiKey(), model, maxTokens, false);
        return (ChatModel) models.get(key, k -> build(k));
    }

    StreamingChatModel streaming(ProviderConnection connection, String model, int maxTokens) {
        Key key = new Key(connection.type(), connection.baseUrl(), connection.apiKey(), model, maxTokens, true);
        return (StreamingChatModel) models.get(key, k -> build(k));
    }

    private Object build(Key key) {
        return switch (key.type()) {
            case LOCAL -> new LocalResponder(key.model());
            case OPENAI -> key.streaming()
                    ? OpenAiStreamingChatModel.builder().baseUrl(key.baseUrl()).apiKey(key.apiKey()).modelName(key.model())
                            .maxTokens(key.maxTokens()).timeout(timeout).build()
                    : OpenAiChatModel.builder().baseUrl(key.baseUrl()).apiKey(key.apiKey()).modelName(key.model())
                            .maxTokens(key.maxTokens()).timeout(timeout).maxRetries(0).build();
            case ANTHROPIC -> key.streaming()
                    ? AnthropicStreamingChatModel.builder().baseUrl(key.baseUrl()).apiKey(key.apiKey()).modelName(key.model())
                            .maxTokens(key.maxTokens()).timeout(timeout).build()
                    : AnthropicChatModel.builder().baseUrl(key.baseUrl()).apiKey(key.apiKey()).modelName(key.model())
                            .maxTokens(key.maxTokens()).timeout(timeout).maxRetries(0).build();
            case OLLAMA -> key.streaming()
                    ? OllamaStreamingChatModel.builder().baseUrl(key.baseUrl()).modelName(key.model()).timeout(timeout).build()
                    : OllamaChatModel.builder().baseUrl(key.baseUrl()).modelName(key.model()).timeout(timeout).maxRetries(0).build();
            case GEMINI -> key.streaming()
                    ? GoogleAiGeminiStreamingChatModel.builder().baseUrl(key.baseUrl()).apiKey(key.apiKey())
                            .modelName(key.model()).maxOutputTokens(key.maxTokens()).timeout(timeout).build()
                    : GoogleAiGeminiChatModel.builder().baseUrl(key.baseUrl()).apiKey(key.apiKey()).modelName(key.model())
                            .maxOutputTokens(key.maxTokens()).timeout(timeout).maxRetries(0).build();
        };
    }
}
