package dev.gathering.llm;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param timeout     how long one provider call may take before the chat fails with 504
 * @param maxRetries  retries of a call refused with 429 or 5xx (or unreachable), with exponential backoff and jitter
 * @param retryBase   first backoff delay; doubled each retry
 * @param retryMax    longest backoff delay
 * @param retryAfter  what 503 answers advise when the retries are exhausted
 * @param cacheSize   cached answers kept (temperature 0, or agents that opt in)
 * @param cacheTtl    how long a cached answer is served
 * @param toolTimeout how long one tool call may run inside a chat
 */
@ConfigurationProperties("gathering.llm")
public record LlmProperties(
        @DefaultValue("120s") Duration timeout,
        @DefaultValue("3") int maxRetries,
        @DefaultValue("500ms") Duration retryBase,
        @DefaultValue("8s") Duration retryMax,
        @DefaultValue("30s") Duration retryAfter,
        @DefaultValue("1000") int cacheSize,
        @DefaultValue("1h") Duration cacheTtl,
        @DefaultValue("30s") Duration toolTimeout) {
}
