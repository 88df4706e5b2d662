package dev.gathering.memory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.gathering.platform.events.Event;
import dev.gathering.platform.events.EventBus;
import dev.gathering.platform.events.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Memory's events on the bus, and what other instances do with them.
 *
 * <ul>
 * <li>Published: {@code memory.created} (private or global memory), {@code memory.shared} (circle or project scope,
 *     with its content, circle_id / project_id), {@code memory.forgotten}, {@code knowledge.added} (one per entry or
 *     uploaded document, chunk ids included), {@code knowledge.deleted}, and {@code memory.embeddings.switched} when
 *     the embedding model changed.</li>
 * <li>Received (from every instance, this one included): the ids of created, shared, forgotten, added and deleted
 *     items are queued, and a worker brings the index up to date through {@link IndexSync} in one query per batch.
 *     Items this instance already indexed as they are (its own writes) are skipped without a query.</li>
 * </ul>
 */
@Component
class MemoryEvents implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MemoryEvents.class);
    private static final int SYNC_BATCH = 1000;

    private final EventBus bus;
    private final IndexSync sync;
    private final MemoryIndex index;
    private final EmbeddingModels models;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition pending = lock.newCondition();
    private final Set<Long> memoryIds = new LinkedHashSet<>();
    private final Set<Long> entryIds = new LinkedHashSet<>();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private volatile boolean running;
    private Thread worker;

    MemoryEvents(EventBus bus, IndexSync sync, MemoryIndex index, EmbeddingModels models) {
        this.bus = bus;
        this.sync = sync;
        this.index = index;
        this.models = models;
        models.onSwitch(() -> bus.publish(Event.of("memory.embeddings.switched",
                Map.of("model", models.writeSpec().key()))));
    }

    // ------------------------------------------------------------------------------------------------ publishing

    void remembered(List<MemoryRepository.Memory> memories) {
        for (MemoryRepository.Memory memory : memories) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("memory_id", memory.id());
            data.put("agent_id", memory.agentId());
            data.put("memory_type", memory.memoryType());
            data.put("key", memory.key() == null ? "auto_" + memory.id() : memory.key());
            data.put("scope", memory.scope());
            data.put("importance", memory.importance());
            data.put("tags", memory.tags());
            Event event;
            if ("circle".equals(memory.scope()) || "project".equals(memory.scope())) {
                data.put("scope_id", memory.scopeId());
                data.put("content", memory.value());
                data.put(memory.scope() + "_id", memory.scopeId());
                event = Event.of("memory.shared", data).sourceAgent(memory.agentId());
                event = memory.scope().equals("circle") ? event.circle(memory.scopeId()) : event.project(memory.scopeId());
            } else {
                event = Event.of("memory.created", data).sourceAgent(memory.agentId());
            }
            bus.publish("global".equals(memory.scope()) ? event : event.privateTo(memory.ownerId()));
        }
    }

    void forgotten(MemoryRepository.Memory memory) {
        Event forgotten = Event.of("memory.forgotten", Map.of("memory_id", memory.id(), "agent_id", memory.agentId(),
                "memory_type", memory.memoryType())).sourceAgent(memory.agentId());
        bus.publish("global".equals(memory.scope()) ? forgotten : forgotten.privateTo(memory.ownerId()));
    }

    void knowledgeAdded(KnowledgeRepository.Entry entry, List<Long> chunkIds) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("entry_id", entry.id());
        List<Long> all = new ArrayList<>();
        all.add(entry.id());
        all.addAll(chunkIds);
        data.put("entry_ids", all);
        data.put("title", entry.title());
        data.put("category", entry.category());
        data.put("project_id", entry.projectId());
        data.put("circle_id", entry.circleId());
        data.put("is_global", entry.isGlobal());
        data.put("tags", entry.tags());
        data.put("chunk_count", chunkIds.size());
        Event event = Event.of("knowledge.added", data).sourceAgent(entry.authorAgentId());
        if (entry.circleId() != null) {
            event = event.circle(entry.circleId());
        }
        if (entry.projectId() != null) {
            event = event.project(entry.projectId());
        }
        bus.publish(entry.isGlobal() ? event : event.privateTo(entry.ownerId()));
    }

    void knowledgeDeleted(long entryId, List<Long> ids) {
        bus.publish(Event.of("knowledge.deleted", Map.of("entry_id", entryId, "entry_ids", ids)));
    }

    // ------------------------------------------------------------------------------------------------- receiving

    private void onMemoryEvent(Event event) {
        Object id = event.data().get("memory_id");
        Object agent = event.data().get("agent_id");
        if (!(id instanceof Number memoryId) || !(agent instanceof Number agentId)) {
            return;
        }
        Boolean held = index.holdsMemory(agentId.longValue(), memoryId.longValue());
        boolean removal = event.type().equals("memory.forgotten");
        if (held != null && held != removal) {
            return;
        }
        queue(memoryIds, List.of(memoryId.longValue()));
    }

    private void onKnowledgeEvent(Event event) {
        if (!(event.data().get("entry_ids") instanceof List<?> ids)) {
            return;
        }
        boolean removal = event.type().equals("knowledge.deleted");
        List<Long> stale = new ArrayList<>();
        for (Object id : ids) {
            if (id instanceof Number number) {
                Boolean held = index.holdsKnowledge(number.longValue());
                if (held == null || held == removal) {
                    stale.add(number.longValue());
                }
            }
        }
        queue(entryIds, stale);
    }

    private void queue(Set<Long> target, List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            target.addAll(ids);
            pending.signal();
        } finally {
            lock.unlock();
        }
    }

    private void drain() {
        while (running) {
            List<Long> memories;
            List<Long> entries;
            lock.lock();
            try {
                while (running && memoryIds.isEmpty() && entryIds.isEmpty()) {
                    pending.await();
                }
                memories = take(memoryIds);
                entries = take(entryIds);
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            try {
                sync.memoriesChanged(memories);
                sync.knowledgeChanged(entries);
            } catch (RuntimeException e) {
                // the periodic re-check of recent changes will catch up
                log.warn("Applying other instances' memory changes failed: {}", e.toString());
            }
        }
    }

    private static List<Long> take(Set<Long> ids) {
        List<Long> taken = new ArrayList<>(Math.min(ids.size(), SYNC_BATCH));
        var iterator = ids.iterator();
        while (iterator.hasNext() && taken.size() < SYNC_BATCH) {
            taken.add(iterator.next());
            iterator.remove();
        }
        return taken;
    }

    // ------------------------------------------------------------------------------------------------- lifecycle

    @Override
    public void start() {
        running = true;
        worker = Thread.ofVirtual().name("memory-events").start(this::drain);
        subscriptions.add(bus.subscribe("memory.created", this::onMemoryEvent));
        subscriptions.add(bus.subscribe("memory.shared", this::onMemoryEvent));
        subscriptions.add(bus.subscribe("memory.forgotten", this::onMemoryEvent));
        subscriptions.add(bus.subscribe("knowledge.added", this::onKnowledgeEvent));
        subscriptions.add(bus.subscribe("knowledge.deleted", this::onKnowledgeEvent));
        subscriptions.add(bus.subscribe("memory.embeddings.switched", event -> models.refresh()));
    }

    @Override
    public void stop() {
        running = false;
        subscriptions.forEach(Subscription::close);
        subscriptions.clear();
        lock.lock();
        try {
            pending.signalAll();
        } finally {
            lock.unlock();
        }
        if (worker != null) {
            worker.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1001;
    }
}
