package dev.gathering.llm;

import dev.langchain4j.data.message.AiMessage;

/** A model's answer with the tokens the provider counted (0 where a provider reports none). */
public record LlmReply(AiMessage message, int tokensIn, int tokensOut, boolean cached) {

    LlmReply fromCache() {
        return new LlmReply(message, tokensIn, tokensOut, true);
    }
}
