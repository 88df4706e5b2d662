package dev.gathering.provider;

import java.time.OffsetDateTime;

/** A row of {@code agent.providers}. The API key is stored sealed and never leaves the server in clear. */
public record Provider(long id, String name, String apiType, String apiBaseUrl, boolean isLocal, boolean isBuiltin,
                       String apiKeyEncrypted, String settingsBaseUrl, String defaultModel, OffsetDateTime createdAt, long modelCount) {

    public ApiType type() {
        return ApiType.of(apiType);
    }
}
