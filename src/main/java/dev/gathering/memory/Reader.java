package dev.gathering.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Who reads memories and knowledge, and so which ones they see (docs/architecture.md, "Access control"): their own,
 * the shared ones (scope {@code global}, knowledge marked global) and those of the circles they own; an admin sees
 * every one. Another user's private memory or entry does not exist for them (404, left out of lists and searches).
 *
 * @param circles the ids of the circles the reader owns
 */
record Reader(String userId, boolean admin, Set<Long> circles) {

    boolean seesMemory(String ownerId, String scope, Long scopeId) {
        return admin || userId.equals(ownerId) || "global".equals(scope)
                || ("circle".equals(scope) && scopeId != null && circles.contains(scopeId));
    }

    boolean seesEntry(String ownerId, boolean global, Long circleId) {
        return admin || global || userId.equals(ownerId) || (circleId != null && circles.contains(circleId));
    }

    /** The SQL form of {@link #seesMemory} over table alias-free columns; parameters: {@link #parameters}. */
    static final String MEMORY_FILTER = "(? OR owner_id = ? OR scope = 'global' OR (scope = 'circle' AND scope_id = ANY(?)))";

    /** The SQL form of {@link #seesEntry}; parameters: {@link #parameters}. */
    static final String ENTRY_FILTER = "(? OR owner_id = ? OR is_global OR circle_id = ANY(?))";

    List<Object> parameters() {
        List<Object> parameters = new ArrayList<>(3);
        parameters.add(admin);
        parameters.add(userId);
        parameters.add(circles.toArray(Long[]::new));
        return parameters;
    }
}
