package dev.gathering.memory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.gathering.agent.AgentService;
import dev.gathering.platform.web.ApiException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The knowledge base: entries (embedded on title and content), document uploads split into chunks, and search by
 * meaning, by words (PostgreSQL full text), or both fused by reciprocal rank.
 */
@Service
class KnowledgeService {

    /** Reciprocal rank fusion constant: score = Σ 1 / (k + rank). */
    static final int RRF_K = 60;
    /** A chunked document's main entry carries this much of the text (its chunks carry all of it). */
    static final int PREVIEW = 1000;
    /** An unchunked entry is kept whole up to this size (full-text vectors have limits). */
    static final int MAX_UNCHUNKED = 200_000;

    enum Mode {
        SEMANTIC, KEYWORD, HYBRID;

        static Mode of(String value) {
            if (value == null || value.isBlank()) {
                return HYBRID;
            }
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.unprocessable("mode must be semantic, keyword or hybrid");
            }
        }
    }

    record EntryInput(String title, String content, String category, Long projectId, Long circleId, boolean isGlobal,
                      List<String> tags, String sourceUrl, Long authorAgentId) {
    }

    record Found(KnowledgeRepository.Entry entry, Double similarity, Double keywordRank, double score, String matchedBy) {
    }

    record Uploaded(KnowledgeRepository.Entry entry, String filename, String format, int charCount, int chunkCount) {
    }

    record Page(List<KnowledgeRepository.Entry> entries, long total) {
    }

    record Stats(long totalEntries, Map<String, Long> byCategory, List<KnowledgeRepository.Entry> recentEntries) {
    }

    private final KnowledgeRepository repository;
    private final AgentService agents;
    private final Embeddings embeddings;
    private final EmbeddingModels models;
    private final EmbeddingState state;
    private final MemoryIndex index;
    private final MemoryEvents events;
    private final TransactionTemplate transactions;

    KnowledgeService(KnowledgeRepository repository, AgentService agents, Embeddings embeddings, EmbeddingModels models,
                     EmbeddingState state, MemoryIndex index, MemoryEvents events, TransactionTemplate transactions) {
        this.repository = repository;
        this.agents = agents;
        this.embeddings = embeddings;
        this.models = models;
        this.state = state;
        this.index = index;
        this.events = events;
        this.transactions = transactions;
    }

    KnowledgeRepository.Entry add(EntryInput input) {
        checkAuthor(input.authorAgentId());
        KnowledgeRepository.NewEntry entry = new KnowledgeRepository.NewEntry(input.title().trim(), input.content(),
                blankToNull(input.category()), input.projectId(), input.circleId(), input.isGlobal(), input.tags(),
                blankToNull(input.sourceUrl()), input.authorAgentId(), null, null, null, null);
        Stored stored = store(entry, List.of());
        return stored.main();
    }

    Uploaded upload(String filename, byte[] bytes, String title, String category, List<String> tags, boolean isGlobal,
                    Long authorAgentId, Long projectId, Long circleId, boolean chunkLargeDocs) {
        DocumentReader.Document document = DocumentReader.read(filename, bytes);
        checkAuthor(authorAgentId);
        String text = document.text();
        String name = title == null || title.isBlank() ? stem(filename) : title.trim();
        if (name.length() > 450) {
            name = name.substring(0, 450);
        }
        List<String> chunks = chunkLargeDocs && Chunker.needsChunking(text) ? Chunker.chunk(text) : List.of();
        if (chunks.isEmpty() && text.length() > MAX_UNCHUNKED) {
            throw ApiException.badRequest("The document has " + text.length() + " characters; keep chunk_large_docs on "
                    + "for documents over " + MAX_UNCHUNKED);
        }
        String mainContent = chunks.isEmpty() ? text : "[Document with " + chunks.size() + " chunks]\n\n"
                + (text.length() > PREVIEW ? text.substring(0, PREVIEW) + "…" : text);
        KnowledgeRepository.NewEntry main = new KnowledgeRepository.NewEntry(name, mainContent, blankToNull(category),
                projectId, circleId, isGlobal, tags, null, authorAgentId, filename, document.format(), null, null);
        List<KnowledgeRepository.NewEntry> parts = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            parts.add(new KnowledgeRepository.NewEntry(name + " (chunk " + (i + 1) + "/" + chunks.size() + ")", chunks.get(i),
                    blankToNull(category), projectId, circleId, isGlobal, tags, null, authorAgentId, filename,
                    document.format(), null, i + 1));
        }
        Stored stored = store(main, parts);
        return new Uploaded(stored.main(), filename, document.format(), text.length(), chunks.size());
    }

    private record Stored(KnowledgeRepository.Entry main, List<Long> chunkIds) {
    }

    /** Embeds and stores an entry and its chunks (tagged {@code doc:{main id}} and {@code chunk}), then indexes them. */
    private Stored store(KnowledgeRepository.NewEntry main, List<KnowledgeRepository.NewEntry> chunks) {
        List<String> texts = new ArrayList<>();
        texts.add(KnowledgeRepository.embeddingText(main.title(), main.content()));
        chunks.forEach(chunk -> texts.add(KnowledgeRepository.embeddingText(chunk.title(), chunk.content())));
        EmbeddingSpec believed = models.writeSpec();
        List<float[]> computed = embed(believed, texts);
        record Written(List<Long> ids, EmbeddingSpec spec, List<float[]> vectors, List<KnowledgeRepository.NewEntry> rows) {
        }
        Written written;
        try {
            written = transactions.execute(status -> {
                EmbeddingSpec active = state.activeForShare();
                List<float[]> vectors = active.key().equals(believed.key()) ? computed : embed(active, texts);
                long mainId = repository.insert(List.of(main)).getFirst();
                List<KnowledgeRepository.NewEntry> rows = new ArrayList<>();
                rows.add(main);
                List<Long> ids = new ArrayList<>();
                ids.add(mainId);
                if (!chunks.isEmpty()) {
                    List<KnowledgeRepository.NewEntry> linked = chunks.stream().map(chunk -> {
                        List<String> tags = new ArrayList<>(chunk.tags());
                        tags.add("doc:" + mainId);
                        tags.add("chunk");
                        return new KnowledgeRepository.NewEntry(chunk.title(), chunk.content(), chunk.category(),
                                chunk.projectId(), chunk.circleId(), chunk.isGlobal(), List.copyOf(new LinkedHashSet<>(tags)),
                                chunk.sourceUrl(), chunk.authorAgentId(), chunk.filename(), chunk.format(), mainId, chunk.chunkIndex());
                    }).toList();
                    ids.addAll(repository.insert(linked));
                    rows.addAll(linked);
                }
                repository.insertVectors(ids, active.key(), vectors);
                return new Written(ids, active, vectors, rows);
            });
        } catch (org.springframework.dao.DataIntegrityViolationException e) {
            if (String.valueOf(e.getMostSpecificCause().getMessage()).contains("knowledge_base_project_id_fkey")) {
                throw ApiException.unprocessable("Project " + main.projectId() + " does not exist");
            }
            throw e;
        }
        List<MemoryIndex.KnowledgeChange> changes = new ArrayList<>();
        for (int i = 0; i < written.ids().size(); i++) {
            KnowledgeRepository.NewEntry row = written.rows().get(i);
            changes.add(new MemoryIndex.KnowledgeChange(written.ids().get(i), row.category(), row.projectId(),
                    row.circleId(), row.isGlobal(), row.tags(), written.vectors().get(i)));
        }
        index.applyKnowledge(written.spec().key(), changes);
        KnowledgeRepository.Entry stored = repository.active(List.of(written.ids().getFirst())).getFirst();
        List<Long> chunkIds = written.ids().subList(1, written.ids().size());
        events.knowledgeAdded(stored, chunkIds);
        return new Stored(stored, chunkIds);
    }

    List<Found> search(String query, KnowledgeRepository.Scope scope, int limit, Double threshold, Mode mode) {
        int candidates = mode == Mode.HYBRID ? Math.max(limit * 3, 30) : limit;
        Map<Long, Integer> semanticRank = new LinkedHashMap<>();
        Map<Long, Double> similarity = new HashMap<>();
        if (mode != Mode.KEYWORD) {
            MemoryIndex.Generation generation = index.current().awaitReady();
            EmbeddingSpec spec = generation.spec();
            float[] vector = embeddings.embed(spec, query);
            double minimum = threshold != null ? threshold : spec.recallThreshold();
            List<VectorPartition.Hit> hits = generation.searchKnowledge(vector, candidates,
                    attributes -> scope.accepts(attributes.projectId(), attributes.circleId(), attributes.global(),
                            attributes.category()), minimum);
            for (VectorPartition.Hit hit : hits) {
                semanticRank.put(hit.id(), semanticRank.size() + 1);
                similarity.put(hit.id(), Math.round(hit.score() * 10_000d) / 10_000d);
            }
        }
        Map<Long, Integer> keywordRank = new LinkedHashMap<>();
        Map<Long, Double> rank = new HashMap<>();
        if (mode != Mode.SEMANTIC) {
            for (KnowledgeRepository.Ranked ranked : repository.keyword(query, scope, candidates)) {
                keywordRank.put(ranked.id(), keywordRank.size() + 1);
                rank.put(ranked.id(), Math.round(ranked.rank() * 10_000d) / 10_000d);
            }
        }
        Map<Long, Double> fused = new HashMap<>();
        semanticRank.forEach((id, position) -> fused.merge(id, 1.0 / (RRF_K + position), Double::sum));
        keywordRank.forEach((id, position) -> fused.merge(id, 1.0 / (RRF_K + position), Double::sum));
        List<Long> order = fused.entrySet().stream()
                .sorted(Map.Entry.<Long, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit).map(Map.Entry::getKey).toList();
        Map<Long, KnowledgeRepository.Entry> rows = new HashMap<>();
        repository.active(order).forEach(entry -> rows.put(entry.id(), entry));
        List<Found> found = new ArrayList<>();
        for (Long id : order) {
            KnowledgeRepository.Entry entry = rows.get(id);
            if (entry != null) {
                String matchedBy = semanticRank.containsKey(id) && keywordRank.containsKey(id) ? "both"
                        : semanticRank.containsKey(id) ? "semantic" : "keyword";
                found.add(new Found(entry, similarity.get(id), rank.get(id),
                        Math.round(fused.get(id) * 1_000_000d) / 1_000_000d, matchedBy));
            }
        }
        return found;
    }

    Page list(String category, int page, int pageSize) {
        long total = repository.count(blankToNull(category));
        return new Page(total == 0 ? List.of() : repository.page(blankToNull(category), pageSize, (page - 1) * pageSize), total);
    }

    Stats stats() {
        Map<String, Long> byCategory = repository.countsByCategory();
        long total = byCategory.values().stream().mapToLong(Long::longValue).sum();
        return new Stats(total, byCategory, repository.recent(5));
    }

    /** Deletes (deactivates) an entry, and its chunks when it is a document; the ids removed. */
    List<Long> delete(long id) {
        List<Long> removed = repository.deactivate(id);
        if (removed.isEmpty()) {
            throw ApiException.notFound("Knowledge entry " + id + " not found");
        }
        index.removeKnowledge(removed);
        events.knowledgeDeleted(id, removed);
        return removed;
    }

    private void checkAuthor(Long authorAgentId) {
        if (authorAgentId != null && agents.find(authorAgentId).isEmpty()) {
            throw ApiException.badRequest("author_agent_id " + authorAgentId + " is not an existing agent");
        }
    }

    private List<float[]> embed(EmbeddingSpec spec, List<String> texts) {
        return texts.size() == 1 ? List.of(embeddings.embed(spec, texts.getFirst())) : embeddings.embedAll(spec, texts);
    }

    private static String stem(String filename) {
        String name = filename == null ? "document" : filename.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

}
