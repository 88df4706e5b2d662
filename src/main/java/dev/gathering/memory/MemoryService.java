package dev.gathering.memory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import dev.gathering.agent.AgentService;
import dev.gathering.circle.Circle;
import dev.gathering.circle.CircleService;
import dev.gathering.platform.security.Access;
import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.web.ApiException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Agents' memories: remember (embedded, stored, indexed), recall (semantic, filtered), forget, statistics, lists. */
@Service
class MemoryService {

    static final Set<String> TYPES = Set.of("fact", "preference", "context", "decision", "error", "feedback", "learning",
            "experience", "skill", "relationship");
    static final Set<String> SCOPES = Set.of("agent", "circle", "project", "global");

    /** What to remember. {@code scope} circle/project needs {@code scopeId}. */
    record MemoryInput(String content, String memoryType, String key, List<String> tags, double importance, String scope,
                       Long scopeId) {
    }

    record Recalled(MemoryRepository.Memory memory, double similarity) {
    }

    record Page(List<MemoryRepository.Memory> memories, long total) {
    }

    private final AgentService agents;
    private final CircleService circles;
    private final MemoryReaders readers;
    private final MemoryRepository repository;
    private final Embeddings embeddings;
    private final EmbeddingModels models;
    private final EmbeddingState state;
    private final MemoryIndex index;
    private final MemoryEvents events;
    private final TransactionTemplate transactions;

    MemoryService(AgentService agents, CircleService circles, MemoryReaders readers, MemoryRepository repository,
                  Embeddings embeddings, EmbeddingModels models, EmbeddingState state, MemoryIndex index,
                  MemoryEvents events, TransactionTemplate transactions) {
        this.agents = agents;
        this.circles = circles;
        this.readers = readers;
        this.repository = repository;
        this.embeddings = embeddings;
        this.models = models;
        this.state = state;
        this.index = index;
        this.events = events;
        this.transactions = transactions;
    }

    /** The upstream agent-side normalisation: conversation → context, general → fact, unknown → fact. */
    static String normalizeType(String type) {
        if (type == null || type.isBlank()) {
            return "fact";
        }
        String lower = type.trim().toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "conversation" -> "context";
            case "general" -> "fact";
            default -> TYPES.contains(lower) ? lower : "fact";
        };
    }

    /**
     * Stores memories of {@code caller} (one batch: one embedding call, two statements); 404 for an unknown agent. A
     * private memory (scope agent or project) may be given to any agent; one shared with everyone (global) changes the
     * agent, so it needs the agent's owner; one shared with a circle needs the circle's owner (see {@code Access}).
     */
    List<MemoryRepository.Memory> remember(long agentId, List<MemoryInput> inputs, String sourceType,
                                           AuthenticatedUser caller) {
        agents.get(agentId);
        if (inputs.stream().anyMatch(input -> "global".equals(input.scope()))) {
            agents.changeable(agentId, caller);
        }
        inputs.stream().filter(input -> "circle".equals(input.scope()) && input.scopeId() != null)
                .map(MemoryInput::scopeId).distinct().forEach(circleId -> {
                    Circle circle = circles.find(circleId).orElseThrow(() ->
                            ApiException.badRequest("scope_id " + circleId + " is not an existing circle"));
                    Access.requireOwner(caller, circle.ownerId(), "circle '" + circle.name() + "'");
                });
        return store(inputs.stream().map(input -> new Owned(agentId, input, caller.id())).toList(), sourceType);
    }

    /** A memory, its agent and the user it belongs to. */
    record Owned(long agentId, MemoryInput input, String ownerId) {
    }

    /** For chat: exchanges of agents that exist, possibly several agents, in one batch. */
    List<MemoryRepository.Memory> rememberForChat(List<Owned> exchanges) {
        return store(exchanges, "chat");
    }

    private List<MemoryRepository.Memory> store(List<Owned> items, String sourceType) {
        for (Owned item : items) {
            MemoryInput input = item.input();
            if (input.scopeId() == null && ("circle".equals(input.scope()) || "project".equals(input.scope()))) {
                throw ApiException.badRequest("scope '" + input.scope() + "' needs scope_id (the " + input.scope() + " id)");
            }
        }
        List<String> texts = items.stream().map(item -> item.input().content()).toList();
        EmbeddingSpec believed = models.writeSpec();
        List<float[]> computed = embed(believed, texts);
        record Written(List<MemoryRepository.Inserted> rows, EmbeddingSpec spec, List<float[]> vectors) {
        }
        Written written = transactions.execute(status -> {
            EmbeddingSpec active = state.activeForShare();
            List<float[]> vectors = active.key().equals(believed.key()) ? computed : embed(active, texts);
            List<MemoryRepository.Inserted> rows = repository.insert(items.stream().map(item -> new MemoryRepository.NewMemory(
                    item.agentId(), item.input().scope(), item.input().scopeId(), item.input().memoryType(),
                    blankToNull(item.input().key()), item.input().content(), item.input().importance(), item.input().tags(),
                    sourceType, item.ownerId())).toList());
            repository.insertVectors(rows.stream().map(MemoryRepository.Inserted::id).toList(), active.key(), vectors);
            return new Written(rows, active, vectors);
        });
        List<MemoryIndex.MemoryChange> changes = new ArrayList<>(items.size());
        List<MemoryRepository.Memory> memories = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Owned item = items.get(i);
            MemoryInput input = item.input();
            MemoryRepository.Inserted row = written.rows().get(i);
            changes.add(new MemoryIndex.MemoryChange(row.id(), item.agentId(), input.memoryType(), input.tags(),
                    written.vectors().get(i), item.ownerId(), input.scope(), input.scopeId()));
            memories.add(new MemoryRepository.Memory(row.id(), item.agentId(), input.scope(), input.scopeId(),
                    input.memoryType(), blankToNull(input.key()), input.content(), input.importance(), input.tags(),
                    sourceType, 0, null, true, row.createdAt(), item.ownerId()));
        }
        index.applyMemories(written.spec().key(), changes);
        events.remembered(memories);
        return memories;
    }

    /**
     * The agent's active memories most similar to {@code query}, best first, among those of the given types (null: all)
     * sharing at least one of {@code tags} (null or empty: any); {@code threshold} null means the model's default.
     */
    List<Recalled> recall(long agentId, String query, Collection<String> types, Collection<String> tags, int limit,
                          Double threshold, AuthenticatedUser caller) {
        agents.get(agentId);
        return search(agentId, query, types, tags, limit, threshold == null ? null : threshold, false, readers.of(caller));
    }

    /** For chat: the memories the chatting user sees, the model's chat threshold, no 404 (the agent exists). */
    List<Recalled> recallForChat(long agentId, String userId, String query, int limit) {
        return search(agentId, query, null, null, limit, null, true, readers.forChat(userId));
    }

    private List<Recalled> search(long agentId, String query, Collection<String> types, Collection<String> tags,
                                  int limit, Double threshold, boolean chat, Reader reader) {
        MemoryIndex.Generation generation = index.current().awaitReady();
        if (!generation.hasMemories(agentId)) {
            return List.of();
        }
        EmbeddingSpec spec = generation.spec();
        double minimum = threshold != null ? threshold : chat ? spec.chatThreshold() : spec.recallThreshold();
        float[] vector = embeddings.embed(spec, query);
        Predicate<MemoryIndex.MemoryAttributes> visible = attributes -> reader.seesMemory(attributes.ownerId(),
                attributes.scope(), attributes.scopeId());
        Predicate<MemoryIndex.MemoryAttributes> wanted = filter(types, tags);
        Predicate<MemoryIndex.MemoryAttributes> filter = wanted == null ? visible : visible.and(wanted);
        List<VectorPartition.Hit> hits = generation.searchMemories(agentId, vector, limit, filter, minimum);
        if (hits.isEmpty()) {
            return List.of();
        }
        Map<Long, MemoryRepository.Memory> rows = new HashMap<>();
        repository.touch(hits.stream().map(VectorPartition.Hit::id).toList()).forEach(row -> rows.put(row.id(), row));
        List<Recalled> recalled = new ArrayList<>(hits.size());
        for (VectorPartition.Hit hit : hits) {
            MemoryRepository.Memory row = rows.get(hit.id());
            if (row != null && row.agentId() == agentId && reader.seesMemory(row.ownerId(), row.scope(), row.scopeId())) {
                recalled.add(new Recalled(row, Math.round(hit.score() * 10_000d) / 10_000d));
            }
        }
        return recalled;
    }

    /** Forgets a memory: its owner's or an admin's decision; another user's private memory is not found. */
    MemoryRepository.Memory forget(long agentId, long memoryId, AuthenticatedUser caller) {
        agents.get(agentId);
        String missing = "Memory " + memoryId + " not found for agent " + agentId;
        Reader reader = readers.of(caller);
        MemoryRepository.Memory memory = repository.find(agentId, memoryId)
                .filter(found -> reader.seesMemory(found.ownerId(), found.scope(), found.scopeId()))
                .orElseThrow(() -> ApiException.notFound(missing));
        Access.requireOwner(caller, memory.ownerId(), "memory " + memoryId);
        MemoryRepository.Memory forgotten = repository.forget(agentId, memoryId).orElseThrow(() ->
                ApiException.notFound(missing));
        index.removeMemories(agentId, List.of(memoryId));
        events.forgotten(forgotten);
        return forgotten;
    }

    /** Counts over the memories {@code caller} sees. */
    MemoryRepository.Stats stats(long agentId, AuthenticatedUser caller) {
        agents.get(agentId);
        return repository.stats(agentId, index.current().spec().key(), readers.of(caller));
    }

    Page list(long agentId, String memoryType, boolean includeForgotten, int page, int pageSize, AuthenticatedUser caller) {
        agents.get(agentId);
        Reader reader = readers.of(caller);
        long total = repository.count(agentId, memoryType, includeForgotten, reader);
        List<MemoryRepository.Memory> rows = total == 0 ? List.of()
                : repository.page(agentId, memoryType, includeForgotten, pageSize, (page - 1) * pageSize, reader);
        return new Page(rows, total);
    }

    private List<float[]> embed(EmbeddingSpec spec, List<String> texts) {
        return texts.size() == 1 ? List.of(embeddings.embed(spec, texts.getFirst())) : embeddings.embedAll(spec, texts);
    }

    private static Predicate<MemoryIndex.MemoryAttributes> filter(Collection<String> types, Collection<String> tags) {
        boolean byType = types != null && !types.isEmpty();
        boolean byTag = tags != null && !tags.isEmpty();
        if (!byType && !byTag) {
            return null;
        }
        Set<String> typeSet = byType ? Set.copyOf(types) : Set.of();
        Set<String> tagSet = byTag ? Set.copyOf(tags) : Set.of();
        return attributes -> (!byType || typeSet.contains(attributes.type()))
                && (!byTag || attributes.tags().stream().anyMatch(tagSet::contains));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
