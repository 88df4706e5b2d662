package dev.gathering.persona;

import java.time.OffsetDateTime;
import java.util.List;

/** A reusable character an agent can be created from. Built-in personas cannot be deleted. */
public record Persona(long id, String displayName, String role, String basePrompt, String fullPrompt,
                      List<String> traits, String communicationStyle, List<String> specializations,
                      List<String> languages, String motto, String description, Long defaultModelId,
                      String defaultModelAlias, boolean isBuiltin, OffsetDateTime createdAt, OffsetDateTime updatedAt,
                      String ownerId) {
}
