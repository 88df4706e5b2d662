package dev.gathering.memory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import dev.gathering.platform.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The in-process vector index, a cache of PostgreSQL: one {@link VectorPartition} per agent for memories and one for the
 * knowledge base, all holding the vectors of one embedding model (a {@link Generation}). It is loaded from the database
 * at start-up (in the background: searches wait for it), and kept current by {@link #apply}: directly by the writes of
 * this instance, and through {@link IndexSync} for those of other instances.
 *
 * <p>While the embedding model changes, the current generation keeps answering on the old vectors and the next one is
 * loaded beside it; changes carrying vectors of the next model are applied to it (held back until its load finishes,
 * then replayed: every change is idempotent), and it replaces the current one when ready.
 */
@Component
class MemoryIndex implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(MemoryIndex.class);
    private static final Duration READY_WAIT = Duration.ofSeconds(60);

    /** What a search filters memories by, without reading them: type, tags and who may see them. */
    record MemoryAttributes(String type, List<String> tags, String ownerId, String scope, Long scopeId) {
    }

    record KnowledgeAttributes(String category, Long projectId, Long circleId, boolean global, List<String> tags,
                               String ownerId) {
    }

    /** An indexed memory or its removal ({@code vector} null). */
    record MemoryChange(long id, long agentId, String type, List<String> tags, float[] vector, String ownerId,
                        String scope, Long scopeId) {
    }

    /** An indexed knowledge entry or its removal ({@code vector} null). */
    record KnowledgeChange(long id, String category, Long projectId, Long circleId, boolean global, List<String> tags,
                           float[] vector, String ownerId) {
    }

    /** The vectors of one embedding model. */
    final class Generation {
        /** Its key and dimension never change; thresholds may be updated in place. */
        private volatile EmbeddingSpec spec;
        private final Map<Long, VectorPartition<MemoryAttributes>> agents = new ConcurrentHashMap<>();
        private final VectorPartition<KnowledgeAttributes> knowledge;
        private final CompletableFuture<Void> ready = new CompletableFuture<>();
        private final List<Runnable> held = new ArrayList<>();
        private boolean loaded;

        Generation(EmbeddingSpec spec) {
            this.spec = spec;
            this.knowledge = new VectorPartition<>(spec.dimension(), settings);
        }

        EmbeddingSpec spec() {
            return spec;
        }

        boolean isReady() {
            return ready.isDone() && !ready.isCompletedExceptionally();
        }

        /** Waits for the load, however long it takes; false when it failed. */
        boolean awaitLoaded() {
            try {
                ready.get();
                return true;
            } catch (ExecutionException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        /** Waits for the load (503 when it does not come). */
        Generation awaitReady() {
            try {
                ready.get(READY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                return this;
            } catch (TimeoutException e) {
                throw ApiException.serviceUnavailable("Memory service unavailable: the memory index is still loading",
                        Duration.ofSeconds(5));
            } catch (ExecutionException e) {
                throw ApiException.serviceUnavailable("Memory service unavailable: loading the memory index failed: "
                        + e.getCause().getMessage(), Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ApiException.serviceUnavailable("Memory service unavailable: interrupted", Duration.ofSeconds(1));
            }
        }

        List<VectorPartition.Hit> searchMemories(long agentId, float[] query, int k, java.util.function.Predicate<MemoryAttributes> filter,
                                                 double threshold) {
            VectorPartition<MemoryAttributes> partition = agents.get(agentId);
            return partition == null ? List.of() : partition.search(query, k, filter, (float) threshold);
        }

        List<VectorPartition.Hit> searchKnowledge(float[] query, int k, java.util.function.Predicate<KnowledgeAttributes> filter,
                                                  double threshold) {
            return knowledge.search(query, k, filter, (float) threshold);
        }

        boolean hasMemories(long agentId) {
            VectorPartition<MemoryAttributes> partition = agents.get(agentId);
            return partition != null && partition.liveCount() > 0;
        }

        boolean containsMemory(long agentId, long id) {
            VectorPartition<MemoryAttributes> partition = agents.get(agentId);
            return partition != null && partition.contains(id);
        }

        boolean containsKnowledge(long id) {
            return knowledge.contains(id);
        }

        int memoryCount() {
            return agents.values().stream().mapToInt(VectorPartition::liveCount).sum();
        }

        int knowledgeCount() {
            return knowledge.liveCount();
        }

        int graphs() {
            return (int) agents.values().stream().filter(VectorPartition::hasGraph).count() + (knowledge.hasGraph() ? 1 : 0);
        }

        private void run(Runnable change) {
            synchronized (this) {
                if (!loaded) {
                    held.add(change);
                    return;
                }
            }
            change.run();
        }

        private void applyMemory(MemoryChange change) {
            if (change.vector() == null) {
                VectorPartition<MemoryAttributes> partition = agents.get(change.agentId());
                if (partition != null) {
                    partition.remove(change.id());
                }
                return;
            }
            VectorPartition<MemoryAttributes> partition = agents.computeIfAbsent(change.agentId(),
                    id -> new VectorPartition<>(spec.dimension(), settings));
            if (partition.add(change.id(), change.vector(), new MemoryAttributes(change.type(), change.tags(),
                    change.ownerId(), change.scope(), change.scopeId()))) {
                schedule(partition);
            }
        }

        private void applyKnowledge(KnowledgeChange change) {
            if (change.vector() == null) {
                knowledge.remove(change.id());
                return;
            }
            if (knowledge.add(change.id(), change.vector(), new KnowledgeAttributes(change.category(), change.projectId(),
                    change.circleId(), change.global(), change.tags(), change.ownerId()))) {
                schedule(knowledge);
            }
        }

        private void finishLoad() {
            List<Runnable> replay;
            synchronized (this) {
                replay = List.copyOf(held);
                held.clear();
                replay.forEach(Runnable::run);
                loaded = true;
            }
            agents.values().forEach(MemoryIndex.this::schedule);
            schedule(knowledge);
            ready.complete(null);
        }
    }

    private final VectorPartition.IndexSettings settings;
    private final MemoryRepository memories;
    private final KnowledgeRepository knowledge;
    private final ExecutorService maintenance = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "memory-index");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        return thread;
    });
    private volatile Generation current;
    private volatile Generation next;

    MemoryIndex(MemoryProperties properties, MemoryRepository memories, KnowledgeRepository knowledge) {
        this.settings = new VectorPartition.IndexSettings(properties.hnswThreshold(), properties.hnswMaxConn(),
                properties.hnswBeamWidth(), properties.hnswEfSearch());
        this.memories = memories;
        this.knowledge = knowledge;
    }

    /** Starts serving the given model: loads its vectors in the background. */
    synchronized void start(EmbeddingSpec spec) {
        if (current == null) {
            current = load(spec);
        }
    }

    /** The generation answering searches now (it may still be loading: call {@link Generation#awaitReady()}). */
    Generation current() {
        Generation generation = current;
        if (generation == null) {
            throw ApiException.serviceUnavailable("Memory service unavailable: the memory index is starting",
                    Duration.ofSeconds(2));
        }
        return generation;
    }

    /**
     * Loads the vectors of {@code spec} beside the current ones and serves them once loaded. Returns when they are
     * served. When they already are, only the thresholds are updated.
     */
    Generation switchTo(EmbeddingSpec spec) {
        Generation loading = prepare(spec);
        synchronized (this) {
            if (loading == current) {
                return current;
            }
            if (next == loading) {
                Generation old = current;
                current = loading;
                next = null;
                log.info("Memory index now serves {} ({} memories, {} knowledge entries; was {})", spec.key(),
                        loading.memoryCount(), loading.knowledgeCount(), old == null ? "none" : old.spec.key());
            }
            return current;
        }
    }

    /**
     * Loads the vectors of {@code spec} beside the current ones, without serving them yet: changes of that model are
     * applied to them from now on. Returns when loaded.
     */
    Generation prepare(EmbeddingSpec spec) {
        Generation loading;
        synchronized (this) {
            if (current != null && current.spec.key().equals(spec.key())) {
                current.spec = spec;
                return current;
            }
            if (next == null || !next.spec.key().equals(spec.key())) {
                next = load(spec);
            }
            next.spec = spec;
            loading = next;
        }
        if (!loading.awaitLoaded()) {
            synchronized (this) {
                if (next == loading) {
                    next = null;
                }
            }
            throw new IllegalStateException("loading the vectors of " + spec.key() + " failed");
        }
        return loading;
    }

    /** Applies changes carrying vectors of {@code modelKey} to the generation of that model, if any is held. */
    void applyMemories(String modelKey, List<MemoryChange> changes) {
        for (Generation generation : generations(modelKey)) {
            changes.forEach(change -> generation.run(() -> generation.applyMemory(change)));
        }
    }

    void applyKnowledge(String modelKey, List<KnowledgeChange> changes) {
        for (Generation generation : generations(modelKey)) {
            changes.forEach(change -> generation.run(() -> generation.applyKnowledge(change)));
        }
    }

    /** Removals apply to every generation held. */
    void removeMemories(long agentId, List<Long> ids) {
        for (Generation generation : generations(null)) {
            ids.forEach(id -> generation.run(() -> generation.applyMemory(new MemoryChange(id, agentId, null, null, null, null, null, null))));
        }
    }

    void removeKnowledge(List<Long> ids) {
        for (Generation generation : generations(null)) {
            ids.forEach(id -> generation.run(() -> generation.applyKnowledge(
                    new KnowledgeChange(id, null, null, null, false, null, null, null))));
        }
    }

    /** True when every generation held has this memory, false when none has it, null otherwise. */
    Boolean holdsMemory(long agentId, long id) {
        return holds(generation -> generation.containsMemory(agentId, id));
    }

    Boolean holdsKnowledge(long id) {
        return holds(generation -> generation.containsKnowledge(id));
    }

    private Boolean holds(java.util.function.Predicate<Generation> test) {
        List<Generation> held = generations(null);
        long having = held.stream().filter(test).count();
        return having == held.size() ? Boolean.TRUE : having == 0 ? Boolean.FALSE : null;
    }

    /** The model keys held: the current one first, then the one loading. */
    List<String> modelKeys() {
        return generations(null).stream().map(generation -> generation.spec.key()).toList();
    }

    private List<Generation> generations(String modelKey) {
        List<Generation> held = new ArrayList<>(2);
        for (Generation generation : new Generation[] {current, next}) {
            if (generation != null && (modelKey == null || generation.spec.key().equals(modelKey)) && !held.contains(generation)) {
                held.add(generation);
            }
        }
        return held;
    }

    private Generation load(EmbeddingSpec spec) {
        Generation generation = new Generation(spec);
        Thread.ofVirtual().name("memory-index-load").start(() -> {
            long started = System.nanoTime();
            try {
                // initializes Lucene's vector maths (SIMD detection takes a moment) before the first search needs it
                org.apache.lucene.util.VectorUtil.dotProduct(new float[spec.dimension()], new float[spec.dimension()]);
                Consumer<MemoryChange> memory = generation::applyMemory;
                Consumer<KnowledgeChange> entry = generation::applyKnowledge;
                int memoryCount = memories.streamIndexed(spec.key(), memory);
                int entryCount = knowledge.streamIndexed(spec.key(), entry);
                generation.finishLoad();
                log.info("Memory index loaded for {}: {} memories of {} agents, {} knowledge entries in {} ms",
                        spec.key(), memoryCount, generation.agents.size(), entryCount, (System.nanoTime() - started) / 1_000_000);
            } catch (RuntimeException e) {
                log.error("Loading the memory index for {} failed", spec.key(), e);
                generation.ready.completeExceptionally(e);
            }
        });
        return generation;
    }

    private void schedule(VectorPartition<?> partition) {
        if (partition.size() >= settings.hnswThreshold() && partition.claimMaintenance()) {
            try {
                maintenance.execute(() -> {
                    try {
                        long started = System.nanoTime();
                        boolean first = !partition.hasGraph();
                        partition.maintain();
                        if (first && partition.hasGraph()) {
                            log.info("HNSW graph built over {} vectors in {} ms", partition.size(),
                                    (System.nanoTime() - started) / 1_000_000);
                        }
                    } catch (RuntimeException e) {
                        log.error("Maintaining an HNSW graph failed; the partition stays searchable exactly", e);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // shutting down
            }
        }
    }

    @Override
    public void destroy() {
        maintenance.shutdownNow();
    }
}
