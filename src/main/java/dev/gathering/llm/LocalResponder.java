package dev.gathering.llm;

import java.util.List;
import java.util.regex.Pattern;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;

/**
 * The {@code local} provider: works offline, for demos and tests, and says plainly that it is not a language
 * model. Its answer depends only on the last message, always the same way; tokens are counted as words. It is
 * never used in place of a provider that is missing its key.
 */
final class LocalResponder implements ChatModel, StreamingChatModel {

    static final String DISCLAIMER = "[local responder: this is not a language model; it repeats what it received]";
    private static final Pattern WORDS = Pattern.compile("\\S+");

    private final String modelName;

    LocalResponder(String modelName) {
        this.modelName = modelName;
    }

    @Override
    public java.util.Set<dev.langchain4j.model.chat.Capability> supportedCapabilities() {
        return java.util.Set.of();
    }

    @Override
    public dev.langchain4j.model.chat.request.ChatRequestParameters defaultRequestParameters() {
        return dev.langchain4j.model.chat.request.ChatRequestParameters.builder().build();
    }

    @Override
    public List<dev.langchain4j.model.chat.listener.ChatModelListener> listeners() {
        return List.of();
    }

    @Override
    public dev.langchain4j.model.ModelProvider provider() {
        return dev.langchain4j.model.ModelProvider.OTHER;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        String answer = answer(request.messages());
        return new ChatResponse.Builder()
                .aiMessage(AiMessage.from(answer))
                .modelName(modelName)
                .tokenUsage(new TokenUsage(countTokens(request.messages()), count(answer)))
                .finishReason(FinishReason.STOP)
                .build();
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        ChatResponse response = doChat(request);
        var cancelled = new java.util.concurrent.atomic.AtomicBoolean();
        StreamingHandle handle = new StreamingHandle() {
            @Override
            public void cancel() {
                cancelled.set(true);
            }

            @Override
            public boolean isCancelled() {
                return cancelled.get();
            }
        };
        var words = WORDS.matcher(response.aiMessage().text());
        boolean first = true;
        while (words.find()) {
            if (cancelled.get()) {
                return;
            }
            handler.onPartialResponse(new PartialResponse((first ? "" : " ") + words.group()), new PartialResponseContext(handle));
            first = false;
        }
        handler.onCompleteResponse(response);
    }

    private static String answer(List<ChatMessage> messages) {
        ChatMessage last = messages.isEmpty() ? null : messages.getLast();
        return switch (last) {
            case UserMessage user -> DISCLAIMER + " You said: " + shorten(user.singleText());
            case ToolExecutionResultMessage result -> DISCLAIMER + " Tool " + result.toolName() + " returned: "
                    + shorten(result.text());
            case SystemMessage system -> DISCLAIMER + " I received only instructions.";
            case null, default -> DISCLAIMER + " I received nothing to answer.";
        };
    }

    private static String shorten(String text) {
        String flat = text == null ? "" : text.strip();
        return flat.length() > 500 ? flat.substring(0, 500) + "…" : flat;
    }

    private static int countTokens(List<ChatMessage> messages) {
        int total = 0;
        for (ChatMessage message : messages) {
            total += switch (message) {
                case UserMessage user -> count(user.singleText());
                case SystemMessage system -> count(system.text());
                case AiMessage ai -> count(ai.text());
                case ToolExecutionResultMessage result -> count(result.text());
                default -> 0;
            };
        }
        return total;
    }

    private static int count(String text) {
        return text == null ? 0 : (int) WORDS.matcher(text).results().count();
    }
}
