package dev.gathering.circle;

import java.time.OffsetDateTime;
import java.util.List;

public record Conflict(long id, String type, String resource, List<Long> agents, String description, boolean resolved,
                       String resolution, OffsetDateTime detectedAt, OffsetDateTime resolvedAt) {
}
