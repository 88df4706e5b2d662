package dev.gathering.agent;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * An agent as stored, with what chat needs from its provider, model and persona, and its session. Loaded with one
 * query (see {@link AgentRepository}).
 */
public record Agent(long id, String name, String role, Long personaId, String personaName, String basePrompt,
                    String personaPrompt, List<String> traits, String communicationStyle,
                    List<String> specializations, List<String> languages, long providerId, String providerName,
                    String modelName, String modelAlias, BigDecimal pricingIn, BigDecimal pricingOut, int maxTokens,
                    double temperature, List<String> competencies, List<String> canReview, boolean autoRemember,
                    boolean cacheResponses, String status, boolean busy, int tasksCompleted, int reviewsDone,
                    Double approvalRate, Double averageQualityScore, OffsetDateTime lastActiveAt,
                    OffsetDateTime createdAt, OffsetDateTime updatedAt, Session session, long messageCount,
                    String ownerId) {

    /** The agent's working session: what it is doing and touching, and when it last spoke. */
    public record Session(String status, List<String> workingFiles, List<String> pendingActions,
                          List<String> completedActions, String currentTaskId, String currentTaskTitle,
                          String currentTaskProgress, OffsetDateTime lastActivityAt) {
    }

    /** The status clients see: busy while a chat holds the agent. */
    public String effectiveStatus() {
        return busy ? "busy" : status;
    }
}
