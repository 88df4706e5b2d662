package dev.gathering.platform.events;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Something that happened, as every feature publishes it on the {@link EventBus} and as clients receive it. JSON:
 * {@code {id, type, timestamp, source_agent_id, circle_id, project_id, data}}.
 *
 * @param id            unique (a random UUID unless given)
 * @param type          dotted name, the upstream's where one exists: {@code task.created}, {@code agent.chat.completed}
 * @param timestamp     when it happened (now unless given)
 * @param sourceAgentId the agent it is about or comes from, if any
 * @param circleId      the circle it belongs to, if any
 * @param projectId     the project it belongs to, if any
 * @param data          a JSON object: strings, numbers, booleans, nulls, lists and maps (or records Jackson can write).
 *                      It is copied on construction; nested values must not be mutated after publishing.
 */
public record Event(String id, String type, Instant timestamp, Long sourceAgentId, Long circleId, Long projectId,
                    Map<String, Object> data) {

    /**
     * The data member naming the one user (besides admins) an event is for, when it is about their private data (a
     * chat, a private memory): event streams and the history show it to that user and to admins only.
     */
    public static final String PRIVATE_TO = "private_to";

    public Event {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("an event needs a type");
        }
        if (id == null || id.isBlank()) {
            id = UUID.randomUUID().toString();
        }
        if (timestamp == null) {
            timestamp = Instant.now();
        }
        data = data == null || data.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /** A new event of this type carrying {@code data}: random UUID id, timestamp now, no agent, circle or project. */
    public static Event of(String type, Map<String, ?> data) {
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) data;
        return new Event(null, type, null, null, null, null, values);
    }

    /** A copy visible only to {@code userId} and admins (see {@link #PRIVATE_TO}); null leaves it visible to all. */
    public Event privateTo(String userId) {
        if (userId == null) {
            return this;
        }
        Map<String, Object> marked = new LinkedHashMap<>(data);
        marked.put(PRIVATE_TO, userId);
        return new Event(id, type, timestamp, sourceAgentId, circleId, projectId, marked);
    }

    /** Whether {@code user} may receive this event: it is not private, or it is theirs, or they are an admin. */
    public boolean visibleTo(dev.gathering.platform.security.AuthenticatedUser user) {
        Object owner = data.get(PRIVATE_TO);
        return owner == null || user == null || user.isAdmin() || owner.equals(user.id());
    }

    /** A copy with {@code source_agent_id} set. */
    public Event sourceAgent(Long agentId) {
        return new Event(id, type, timestamp, agentId, circleId, projectId, data);
    }

    /** A copy with {@code circle_id} set. */
    public Event circle(Long circleId) {
        return new Event(id, type, timestamp, sourceAgentId, circleId, projectId, data);
    }

    /** A copy with {@code project_id} set. */
    public Event project(Long projectId) {
        return new Event(id, type, timestamp, sourceAgentId, circleId, projectId, data);
    }
}
