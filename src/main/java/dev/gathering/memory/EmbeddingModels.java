package dev.gathering.memory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.gathering.platform.web.ApiException;
import dev.gathering.provider.ApiType;
import dev.gathering.provider.Provider;
import dev.gathering.provider.ProviderService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Which embedding model memory uses, and the switch from one to another: every active memory and knowledge entry is
 * embedded again with the new model in the background (progress in {@code GET /memories/reindex/status}), its vectors
 * stored beside the old ones, while recall keeps answering from the old vectors. When none is left, the new model
 * becomes the active one in a transaction that also embeds what was written meanwhile; each instance then loads the
 * new vectors beside the old ones and swaps when ready, and the old vectors are deleted.
 *
 * <p>The instance re-embedding holds a lease on the state row; if it dies, another instance resumes the work when the
 * lease lapses (checked every {@code gathering.memory.state-refresh}, which is also when an instance notices a switch
 * made elsewhere, should it have missed the event).
 */
@Service
class EmbeddingModels implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EmbeddingModels.class);
    static final Duration LEASE = Duration.ofSeconds(30);
    private static final int REINDEX_BATCH = 64;

    /** A model chosen through the API. */
    record Choice(String provider, String model, Integer dimensions, Double recallThreshold, Double chatThreshold) {
    }

    private final EmbeddingState state;
    private final MemoryIndex index;
    private final Embeddings embeddings;
    private final MemoryRepository memories;
    private final KnowledgeRepository knowledge;
    private final ProviderService providers;
    private final TransactionTemplate transactions;
    private final MemoryProperties properties;
    private final AtomicReference<Thread> reindexer = new AtomicReference<>();
    private volatile boolean running;
    private volatile Runnable afterSwitch = () -> { };

    EmbeddingModels(EmbeddingState state, MemoryIndex index, Embeddings embeddings, MemoryRepository memories,
                    KnowledgeRepository knowledge, ProviderService providers, TransactionTemplate transactions,
                    MemoryProperties properties) {
        this.state = state;
        this.index = index;
        this.embeddings = embeddings;
        this.memories = memories;
        this.knowledge = knowledge;
        this.providers = providers;
        this.transactions = transactions;
        this.properties = properties;
    }

    /** Before the web server: the state row exists, the index starts loading, the local model warms up. */
    @Override
    public void start() {
        EmbeddingSpec configured = configuredSpec();
        EmbeddingState.State current = state.ensure(configured);
        if (!current.active().key().equals(configured.key())) {
            log.info("Memory embeddings: {} (chosen through PUT /memories/embeddings; the configured {} applies only to a new database)",
                    current.active().key(), configured.key());
        }
        index.start(current.active());
        if (current.active().local() || (current.target() != null && current.target().local())) {
            embeddings.warmUp();
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = reindexer.get();
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // before the web server (which starts at SmartLifecycle.DEFAULT_PHASE - 1024) and stopped after it
        return Integer.MIN_VALUE + 1000;
    }

    /** The model new vectors are computed with (this instance's view; writers confirm it in their transaction). */
    EmbeddingSpec writeSpec() {
        return index.current().spec();
    }

    EmbeddingState.State state() {
        return state.read();
    }

    /** Called after this instance switched models (to announce it to the other instances). */
    void onSwitch(Runnable callback) {
        this.afterSwitch = callback;
    }

    /** Chooses a model: same model → thresholds updated at once; another one → re-embedding starts (202). */
    EmbeddingState.State choose(Choice choice) {
        String provider = choice.provider().trim().toLowerCase(Locale.ROOT);
        EmbeddingState.State before = state.read();
        EmbeddingSpec active = before.active();
        if ("running".equals(before.reindex().status()) && before.reindex().leaseUntil() != null
                && before.reindex().leaseUntil().isAfter(java.time.OffsetDateTime.now())) {
            throw ApiException.conflict("A re-embedding towards " + before.reindex().to()
                    + " is running; wait for it to finish (GET /memories/reindex/status)");
        }
        String model = choice.model() == null || choice.model().isBlank() ? defaultModel(provider) : choice.model().trim();
        EmbeddingSpec spec;
        if (provider.equals(EmbeddingSpec.LOCAL)) {
            if (!model.equals(EmbeddingSpec.LOCAL_MODEL) && !model.equals("all-minilm-l6-v2")) {
                throw ApiException.badRequest("The local provider serves one model, " + EmbeddingSpec.LOCAL_MODEL);
            }
            if (choice.dimensions() != null && choice.dimensions() != EmbeddingSpec.LOCAL_DIMENSION) {
                throw ApiException.badRequest(EmbeddingSpec.LOCAL_MODEL + " has " + EmbeddingSpec.LOCAL_DIMENSION + " dimensions");
            }
            spec = EmbeddingSpec.defaultLocal();
        } else {
            Provider known = providers.findByName(provider).orElseThrow(() -> ApiException.badRequest(
                    "Unknown provider '" + provider + "': use 'local' or a provider speaking the OpenAI API"));
            if (known.type() != ApiType.OPENAI) {
                throw ApiException.badRequest("Provider '" + provider + "' speaks the " + known.apiType()
                        + " API; embeddings need 'local' or an OpenAI-compatible provider");
            }
            EmbeddingSpec probe = new EmbeddingSpec(provider, model, choice.dimensions() == null ? 1 : choice.dimensions(),
                    choice.dimensions() != null, 0, 0);
            int dimension = probeDimension(probe);
            if (choice.dimensions() != null && dimension != choice.dimensions()) {
                throw ApiException.badRequest("Model " + model + " returned " + dimension + " dimensions, not " + choice.dimensions());
            }
            spec = new EmbeddingSpec(provider, model, dimension, choice.dimensions() != null,
                    EmbeddingSpec.defaultRecallThreshold(provider, model), EmbeddingSpec.defaultChatThreshold(provider, model));
        }
        spec = spec.withThresholds(choice.recallThreshold(), choice.chatThreshold());
        if (spec.key().equals(active.key())) {
            state.updateActive(spec);
            index.switchTo(spec);
            return state.read();
        }
        if (spec.local()) {
            embeddings.warmUp();
        }
        long total = memories.countAll() + knowledge.countAll();
        if (!state.begin(active, spec, total, LEASE)) {
            throw ApiException.conflict("A re-embedding is already running (see GET /memories/reindex/status)");
        }
        startReindex(spec);
        return state.read();
    }

    /** Notices a switch made by another instance, and resumes an abandoned re-embedding. */
    @Scheduled(fixedDelayString = "${gathering.memory.state-refresh:15s}", initialDelayString = "${gathering.memory.state-refresh:15s}")
    void refresh() {
        if (!running) {
            return;
        }
        try {
            EmbeddingState.State current = state.read();
            follow(current.active());
            if ("running".equals(current.reindex().status()) && reindexer.get() == null) {
                state.resume(LEASE).ifPresent(target -> {
                    log.info("Resuming the abandoned re-embedding towards {}", target.key());
                    startReindex(target);
                });
            }
        } catch (RuntimeException e) {
            log.warn("Reading the embedding state failed: {}", e.toString());
        }
    }

    /** Serves {@code active} (loading its vectors first) unless it already is. */
    void follow(EmbeddingSpec active) {
        EmbeddingSpec served = index.current().spec();
        if (!served.equals(active)) {
            if (active.local()) {
                embeddings.warmUp();
            }
            Thread.ofVirtual().name("memory-index-switch").start(() -> {
                try {
                    index.switchTo(active);
                } catch (RuntimeException e) {
                    log.error("Switching the memory index to {} failed", active.key(), e);
                }
            });
        }
    }

    Map<String, Object> describe() {
        EmbeddingState.State current = state.read();
        Map<String, Object> view = new LinkedHashMap<>(current.active().toMap());
        view.put("model_key", current.active().key());
        view.put("served_model_key", index.current().spec().key());
        view.put("index_ready", index.current().isReady());
        view.put("reindexing_to", current.target() == null ? null : current.target().toMap());
        List<Map<String, Object>> available = new ArrayList<>();
        available.add(Map.of("provider", EmbeddingSpec.LOCAL, "model", EmbeddingSpec.LOCAL_MODEL, "dimension",
                EmbeddingSpec.LOCAL_DIMENSION, "recall_threshold", EmbeddingSpec.LOCAL_RECALL_THRESHOLD,
                "chat_threshold", EmbeddingSpec.LOCAL_CHAT_THRESHOLD, "needs_key", false));
        for (Provider provider : providers.list()) {
            if (provider.type() == ApiType.OPENAI) {
                Map<String, Object> option = new LinkedHashMap<>();
                option.put("provider", provider.name());
                option.put("model", defaultModel(provider.name()));
                option.put("recall_threshold", EmbeddingSpec.OPENAI_RECALL_THRESHOLD);
                option.put("chat_threshold", EmbeddingSpec.OPENAI_CHAT_THRESHOLD);
                option.put("configured", providers.connection(provider).isConfigured());
                available.add(option);
            }
        }
        view.put("available", available);
        return view;
    }

    private void startReindex(EmbeddingSpec target) {
        Thread thread = Thread.ofVirtual().name("memory-reindex").unstarted(() -> {
            try {
                reindex(target);
            } catch (RuntimeException e) {
                if (running) {
                    log.error("Re-embedding towards {} failed", target.key(), e);
                    state.fail(target.key(), message(e));
                }
            } finally {
                reindexer.set(null);
            }
        });
        if (reindexer.compareAndSet(null, thread)) {
            thread.start();
        }
    }

    private void reindex(EmbeddingSpec target) {
        long started = System.nanoTime();
        EmbeddingState.State initial = state.read();
        long total = initial.reindex().total();
        long done = 0;
        log.info("Re-embedding {} memories and knowledge entries with {}", total, target.key());
        while (running) {
            int batch = reembed(target, REINDEX_BATCH);
            if (batch == 0) {
                break;
            }
            done += batch;
            if (!state.progress(target.key(), done, Math.max(total, done), LEASE)) {
                log.info("Re-embedding towards {} was taken over or cancelled", target.key());
                return;
            }
        }
        if (!running) {
            return;
        }
        // the new vectors are loaded beside the old ones (and kept current) before anything switches
        index.prepare(target);
        long finalDone = done;
        transactions.executeWithoutResult(status -> {
            state.lockForSwitch();
            long late = 0;
            int batch;
            while ((batch = reembed(target, REINDEX_BATCH)) > 0) {
                late += batch;
            }
            state.complete(target, finalDone + late);
        });
        index.switchTo(target);
        int removed = memories.deleteVectorsExcept(target.key()) + knowledge.deleteVectorsExcept(target.key());
        log.info("Memory now embeds with {}: {} items re-embedded in {} s, {} old vectors deleted", target.key(), done,
                (System.nanoTime() - started) / 1_000_000_000, removed);
        afterSwitch.run();
    }

    /** Embeds up to {@code limit} memories and entries lacking a vector of {@code target}; how many it did. */
    private int reembed(EmbeddingSpec target, int limit) {
        List<MemoryRepository.Text> pendingMemories = memories.lackingVector(target.key(), limit);
        if (!pendingMemories.isEmpty()) {
            List<float[]> vectors = embeddings.embedAll(target, pendingMemories.stream().map(MemoryRepository.Text::text).toList());
            List<Long> ids = pendingMemories.stream().map(MemoryRepository.Text::id).toList();
            memories.insertVectors(ids, target.key(), vectors);
            index.applyMemories(target.key(), memories.indexed(target.key(), ids));
            return pendingMemories.size();
        }
        List<MemoryRepository.Text> pendingEntries = knowledge.lackingVector(target.key(), limit);
        if (!pendingEntries.isEmpty()) {
            List<float[]> vectors = embeddings.embedAll(target, pendingEntries.stream().map(MemoryRepository.Text::text).toList());
            List<Long> ids = pendingEntries.stream().map(MemoryRepository.Text::id).toList();
            knowledge.insertVectors(ids, target.key(), vectors);
            index.applyKnowledge(target.key(), knowledge.indexed(target.key(), ids));
        }
        return pendingEntries.size();
    }

    private int probeDimension(EmbeddingSpec probe) {
        try {
            return embeddings.probeDimension(probe);
        } catch (ApiException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Cannot use " + probe.provider() + "/" + probe.model()
                    + " for embeddings: " + e.getMessage());
        }
    }

    private EmbeddingSpec configuredSpec() {
        String provider = properties.embeddingProvider().trim().toLowerCase(Locale.ROOT);
        if (provider.equals(EmbeddingSpec.LOCAL)) {
            return EmbeddingSpec.defaultLocal();
        }
        String model = properties.embeddingModel().equals(EmbeddingSpec.LOCAL_MODEL) ? defaultModel(provider)
                : properties.embeddingModel();
        // the dimension of a configured remote model is known without a network call for OpenAI's models only
        int dimension = model.contains("3-large") ? 3072 : 1536;
        return new EmbeddingSpec(provider, model, dimension, false, EmbeddingSpec.defaultRecallThreshold(provider, model),
                EmbeddingSpec.defaultChatThreshold(provider, model));
    }

    private static String defaultModel(String provider) {
        return provider.equals(EmbeddingSpec.LOCAL) ? EmbeddingSpec.LOCAL_MODEL : "text-embedding-3-small";
    }

    private static String message(Throwable error) {
        return error.getMessage() == null ? error.toString() : error.getMessage();
    }
}
