package dev.gathering.memory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gathering.platform.cache.Caches;
import dev.gathering.platform.web.ApiException;
import dev.gathering.provider.ApiType;
import dev.gathering.provider.Provider;
import dev.gathering.provider.ProviderConnection;
import dev.gathering.provider.ProviderService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Computes embeddings off the request threads: requests (virtual threads) hand texts to two bounded pools of platform
 * threads and wait. Single texts (queries, one memory) go to the interactive pool, so that a large batch or a
 * re-embedding never delays a recall; batches, uploads and re-embedding go to the bulk pool, split into one part per
 * thread. A full queue answers 503 at once. Vectors are L2-normalized (cosine = dot product) and cached by model and
 * content hash.
 */
@Component
public class Embeddings implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Embeddings.class);

    /** Longer texts are embedded on their beginning (MiniLM reads 256 tokens per window; OpenAI takes 8191 tokens). */
    static final int MAX_CHARS = 8000;

    private record ClientKey(String baseUrl, String apiKey, String model, Integer dimensions) {
    }

    private final ProviderService providers;
    private final Duration timeout;
    private final int parallelism;
    private final ThreadPoolExecutor interactive;
    private final ThreadPoolExecutor bulk;
    private final Cache<String, float[]> cache;
    private final Cache<ClientKey, Embedder> clients;
    private final LocalEmbedder local = new LocalEmbedder();
    private final boolean warmUp;
    private volatile boolean closing;
    private final CompletableFuture<Void> localLoaded = new CompletableFuture<>();
    private final java.util.concurrent.ConcurrentHashMap<String, CompletableFuture<float[]>> inflight =
            new java.util.concurrent.ConcurrentHashMap<>();

    Embeddings(MemoryProperties properties, ProviderService providers, Caches caches) {
        this.providers = providers;
        this.timeout = properties.embeddingTimeout();
        this.parallelism = properties.threads();
        this.interactive = pool("embedding-interactive", parallelism, properties.embeddingQueue());
        this.bulk = pool("embedding-bulk", parallelism, properties.embeddingQueue());
        this.cache = caches.build("memory.embeddings", Caffeine.newBuilder()
                .maximumWeight(properties.embeddingCache().toBytes())
                .weigher((String key, float[] vector) -> 64 + key.length() * 2 + vector.length * 4));
        this.clients = caches.build("memory.embedding-clients", Caffeine.newBuilder().maximumSize(20)
                .expireAfterAccess(Duration.ofHours(1)));
        this.warmUp = properties.warmUp();
    }

    /** Loads the in-process model on an embedding thread, so that the first request does not pay for it. */
    void warmUp() {
        if (!warmUp || localLoaded.isDone()) {
            return;
        }
        bulk.execute(() -> {
            try {
                long started = System.nanoTime();
                LocalEmbedder.load();
                localLoaded.complete(null);
                log.info("Embedding model {} loaded in {} ms", EmbeddingSpec.LOCAL_MODEL, (System.nanoTime() - started) / 1_000_000);
            } catch (RuntimeException | LinkageError e) {
                if (closing) {
                    log.debug("Loading the embedding model was cut short by the shutdown");
                } else {
                    log.warn("Loading the embedding model {} failed (it is tried again on first use): {}",
                            EmbeddingSpec.LOCAL_MODEL, e.getMessage());
                }
            }
        });
    }

    /**
     * One text (a query, a single memory): on the interactive pool. Concurrent requests for the same text share one
     * computation.
     */
    float[] embed(EmbeddingSpec spec, String text) {
        String key = cacheKey(spec, text);
        float[] cached = cache.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        CompletableFuture<float[]> mine = new CompletableFuture<>();
        CompletableFuture<float[]> running = inflight.putIfAbsent(key, mine);
        if (running != null) {
            return await(running, spec);
        }
        try {
            Embedder embedder = embedder(spec);
            float[] vector = checked(spec, await(submit(interactive, () -> embedder.embed(List.of(clip(text)))), spec).getFirst());
            cache.put(key, vector);
            mine.complete(vector);
            return vector;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inflight.remove(key, mine);
        }
    }

    /** Several texts in one go (batches, uploads, re-embedding): on the bulk pool, one part per thread. */
    List<float[]> embedAll(EmbeddingSpec spec, List<String> texts) {
        float[][] vectors = new float[texts.size()][];
        List<Integer> missing = new ArrayList<>();
        String[] keys = new String[texts.size()];
        for (int i = 0; i < texts.size(); i++) {
            keys[i] = cacheKey(spec, texts.get(i));
            vectors[i] = cache.getIfPresent(keys[i]);
            if (vectors[i] == null) {
                missing.add(i);
            }
        }
        if (!missing.isEmpty()) {
            Embedder embedder = embedder(spec);
            int parts = spec.local() ? Math.min(parallelism, missing.size())
                    : Math.max(1, (missing.size() + OpenAiEmbedder.BATCH - 1) / OpenAiEmbedder.BATCH);
            int size = (missing.size() + parts - 1) / parts;
            List<List<Integer>> slices = new ArrayList<>();
            List<Future<List<float[]>>> futures = new ArrayList<>();
            try {
                for (int start = 0; start < missing.size(); start += size) {
                    List<Integer> slice = missing.subList(start, Math.min(missing.size(), start + size));
                    List<String> part = slice.stream().map(i -> clip(texts.get(i))).toList();
                    slices.add(slice);
                    futures.add(submit(bulk, () -> embedder.embed(part)));
                }
                for (int p = 0; p < futures.size(); p++) {
                    List<float[]> computed = await(futures.get(p), spec);
                    List<Integer> slice = slices.get(p);
                    for (int j = 0; j < slice.size(); j++) {
                        int index = slice.get(j);
                        vectors[index] = checked(spec, computed.get(j));
                        cache.put(keys[index], vectors[index]);
                    }
                }
            } finally {
                futures.forEach(future -> future.cancel(true));
            }
        }
        return Arrays.asList(vectors);
    }

    /** The real dimension of a model, by embedding a word (used when a model is chosen). */
    int probeDimension(EmbeddingSpec spec) {
        Embedder embedder = embedder(spec);
        return await(submit(interactive, () -> embedder.embed(List.of("dimension probe"))), spec).getFirst().length;
    }

    int queued() {
        return interactive.getQueue().size() + bulk.getQueue().size();
    }

    private Embedder embedder(EmbeddingSpec spec) {
        if (spec.local()) {
            return local;
        }
        Provider provider = providers.findByName(spec.provider()).orElseThrow(() -> new ApiException(
                HttpStatus.SERVICE_UNAVAILABLE, "Memory service unavailable: embedding provider '" + spec.provider()
                + "' does not exist"));
        ProviderConnection connection = providers.connection(provider);
        if (connection.type() != ApiType.OPENAI) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Memory service unavailable: provider '"
                    + spec.provider() + "' does not speak the OpenAI embeddings API");
        }
        if (!connection.isConfigured()) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Memory service unavailable: provider '"
                    + spec.provider() + "' has no API key (set " + spec.provider().toUpperCase(java.util.Locale.ROOT)
                    .replaceAll("[^A-Z0-9]", "_") + "_API_KEY or PATCH /settings/providers/" + spec.provider() + ")");
        }
        ClientKey key = new ClientKey(connection.baseUrl(), connection.apiKey(), spec.model(),
                spec.askDimension() ? spec.dimension() : null);
        return clients.get(key, k -> new OpenAiEmbedder(k.baseUrl(), k.apiKey(), k.model(), k.dimensions(), timeout));
    }

    private <T> Future<T> submit(ThreadPoolExecutor pool, java.util.concurrent.Callable<T> task) {
        try {
            return pool.submit(task);
        } catch (RejectedExecutionException e) {
            throw ApiException.serviceUnavailable("Memory service busy: the embedding queue is full; retry shortly",
                    Duration.ofSeconds(2));
        }
    }

    private <T> T await(Future<T> future, EmbeddingSpec spec) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw ApiException.serviceUnavailable("Memory service unavailable: embedding with " + spec.key()
                    + " took longer than " + timeout.toSeconds() + " s", Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Memory service unavailable: interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ApiException api) {
                throw new ApiException(api.status(), api.getMessage(), api);
            }
            String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
            throw new ApiException(HttpStatus.BAD_GATEWAY, "Embedding with " + spec.key() + " failed: "
                    + message.strip().replaceAll("\\s+", " "), cause);
        }
    }

    private static float[] checked(EmbeddingSpec spec, float[] vector) {
        if (vector.length != spec.dimension()) {
            throw new ApiException(HttpStatus.BAD_GATEWAY, "Embedding model " + spec.key() + " returned "
                    + vector.length + " dimensions instead of " + spec.dimension());
        }
        return Vectors.normalize(vector);
    }

    private static String clip(String text) {
        String trimmed = text.strip();
        return trimmed.length() <= MAX_CHARS ? trimmed : trimmed.substring(0, MAX_CHARS);
    }

    static String cacheKey(EmbeddingSpec spec, String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(clip(text).getBytes(StandardCharsets.UTF_8));
            return spec.key() + "#" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ThreadPoolExecutor pool(String name, int threads, int queue) {
        AtomicInteger counter = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queue), runnable -> {
                    Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @Override
    public void destroy() {
        closing = true;
        interactive.shutdownNow();
        bulk.shutdownNow();
    }
}
