package dev.gathering.agent;

import java.util.List;

/** What an agent is made of, as validated by {@link AgentService} before it is stored. */
record AgentSpec(String name, String role, Long personaId, String basePrompt, List<String> traits,
                 String communicationStyle, List<String> specializations, List<String> languages, long providerId,
                 String modelName, int maxTokens, double temperature, List<String> competencies,
                 List<String> canReview, boolean autoRemember, boolean cacheResponses, String ownerId) {
}
