package dev.gathering.memory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gathering.health.HealthCheck;
import dev.gathering.health.HealthContributor;
import org.springframework.stereotype.Component;

/** Memory in the health routes, from the in-process index alone (no query). */
@Component
class MemoryHealth implements HealthContributor {

    private final MemoryIndex index;
    private final Embeddings embeddings;

    MemoryHealth(MemoryIndex index, Embeddings embeddings) {
        this.index = index;
        this.embeddings = embeddings;
    }

    @Override
    public Map<String, Object> counts() {
        MemoryIndex.Generation generation = index.current();
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("memories_count", generation.memoryCount());
        counts.put("knowledge_count", generation.knowledgeCount());
        return counts;
    }

    @Override
    public List<HealthCheck> checks() {
        MemoryIndex.Generation generation = index.current();
        boolean ready = generation.isReady();
        String message = ready
                ? generation.memoryCount() + " memories and " + generation.knowledgeCount() + " knowledge entries indexed with "
                        + generation.spec().key() + " (" + generation.graphs() + " HNSW graph(s)); "
                        + embeddings.queued() + " embedding task(s) queued"
                : "The memory index is loading (" + generation.spec().key() + ")";
        return List.of(new HealthCheck("semantic_memory", ready ? HealthCheck.HEALTHY : HealthCheck.WARNING, message,
                generation.memoryCount(), Instant.now()));
    }
}
