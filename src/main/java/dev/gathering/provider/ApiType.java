package dev.gathering.provider;

import java.util.Arrays;
import java.util.Locale;

/** The wire protocol a provider speaks. OpenAI's is spoken by DeepSeek, Mistral, Groq, Together, vLLM, LM Studio. */
public enum ApiType {
    OPENAI, ANTHROPIC, OLLAMA, GEMINI, LOCAL;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ApiType of(String value) {
        return Arrays.stream(values()).filter(type -> type.value().equalsIgnoreCase(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown api_type '" + value + "'"));
    }
}
