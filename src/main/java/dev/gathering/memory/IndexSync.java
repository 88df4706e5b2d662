package dev.gathering.memory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Brings the in-process index up to date with the database for given items, whoever changed them: it reads their
 * rows (one query per kind and model held) and adds, updates or removes them. Idempotent, so it may be called for
 * changes this instance already applied. The subscription to memory events calls it for other instances' changes;
 * a periodic check of recently changed rows calls it too, for events lost between instances (the relay is
 * at-most-once), so an instance is never more than {@code gathering.memory.state-refresh} behind.
 */
@Component
class IndexSync {

    private static final Logger log = LoggerFactory.getLogger(IndexSync.class);
    /** Rows changed within this window are re-checked (longer than the check interval: slow transactions commit late). */
    private static final int RECHECK_SECONDS = 90;

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

    @Scheduled(fixedDelayString = "${gathering.memory.state-refresh:15s}", initialDelayString = "${gathering.memory.state-refresh:15s}")
    void recheckRecentChanges() {
        try {
            if (!index.current().isReady()) {
                return;
            }
            List<Long> stale = new ArrayList<>();
            for (long[] row : memories.recentlyChanged(RECHECK_SECONDS)) {
                if (!Boolean.valueOf(row[2] == 1).equals(index.holdsMemory(row[1], row[0]))) {
                    stale.add(row[0]);
                }
            }
            List<Long> staleEntries = new ArrayList<>();
            for (long[] row : knowledge.recentlyChanged(RECHECK_SECONDS)) {
                if (!Boolean.valueOf(row[1] == 1).equals(index.holdsKnowledge(row[0]))) {
                    staleEntries.add(row[0]);
                }
            }
            if (!stale.isEmpty() || !staleEntries.isEmpty()) {
                log.debug("Memory index catching up with {} memories and {} knowledge entries changed elsewhere",
                        stale.size(), staleEntries.size());
                memoriesChanged(stale);
                knowledgeChanged(staleEntries);
            }
        } catch (RuntimeException e) {
            log.warn("Checking the memory index against recent changes failed: {}", e.toString());
        }
    }
}
