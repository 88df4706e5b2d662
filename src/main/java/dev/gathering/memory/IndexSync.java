package dev.gathering.memory;

import java.util.Collection;

import org.springframework.stereotype.Component;

/**
 * Brings the in-process index up to date with the database for given items, whoever changed them: it reads their
 * rows (one query per kind and model held) and adds, updates or removes them. Idempotent, so it may be called for
 * changes this instance already applied. This is what the subscription to other instances' memory events calls.
 */
@Component
class IndexSync {

    private final MemoryIndex index;
    private final MemoryRepository memories;
    private final KnowledgeRepository knowledge;

    IndexSync(MemoryIndex index, MemoryRepository memories, KnowledgeRepository knowledge) {
        this.index = index;
        this.memories = memories;
        this.knowledge = knowledge;
    }

    void memoriesChanged(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        for (String model : index.modelKeys()) {
            index.applyMemories(model, memories.indexed(model, ids));
        }
    }

    void knowledgeChanged(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        for (String model : index.modelKeys()) {
            index.applyKnowledge(model, knowledge.indexed(model, ids));
        }
    }
}
