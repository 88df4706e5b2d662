package dev.gathering.llm;

import java.util.List;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;

/** One call to a model: the conversation so far, the tools it may call, and its sampling parameters. */
public record LlmRequest(String model, List<ChatMessage> messages, List<ToolSpecification> tools, double temperature,
                         int maxTokens) {

    public LlmRequest {
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
    }
}
