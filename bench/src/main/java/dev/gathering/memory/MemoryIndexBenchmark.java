package dev.gathering.memory;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * The memory index on its own, at the size of the target: {@code n} agent memories (default 100 000) embedded by the
 * default model (all-MiniLM-L6-v2 quantized, 384-d) from generated sentences, in one agent's partition.
 *
 * <ol>
 * <li>embeds the memories and the queries (held-out sentences) with the in-process model on 2 threads, reporting
 *     texts/s; the vectors are cached in {@code bench/results/} for the next runs;</li>
 * <li>builds the partition as the server does (HNSW graph built in the background from the threshold on), reporting
 *     the build time;</li>
 * <li>top-10 searches: p50 / p99 latency and recall@10 against an exact scan of the same partition, unfiltered and
 *     with a filter accepting half and 2 % of the memories; and the exact scan's own latency.</li>
 * </ol>
 *
 * Run through {@code bench/memory-index.sh [n] [queries]}.
 */
public final class MemoryIndexBenchmark {


    private MemoryIndexBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int queryCount = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        Path cache = Path.of("bench/results/minilm-q-" + n + "-" + queryCount + ".f32");
        List<String> texts = sentences(n + queryCount, new Random(42));
        float[][] vectors = Files.exists(cache) ? read(cache, n + queryCount) : null;
        if (vectors == null) {
            long started = System.nanoTime();
            vectors = embed(texts);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("embedding: %d texts in %.1f s on 2 threads = %.0f texts/s%n", texts.size(), seconds, texts.size() / seconds);
            write(cache, vectors);
        } else {
            System.out.println("embedding: vectors read from " + cache);
        }
        float[][] data = Arrays.copyOfRange(vectors, 0, n);
        float[][] queries = Arrays.copyOfRange(vectors, n, n + queryCount);

        MemoryProperties defaults = new MemoryProperties("local", "all-minilm-l6-v2-q", 0, 512, java.time.Duration.ofSeconds(60),
                org.springframework.util.unit.DataSize.ofMegabytes(64), true, 10_000, 16, 100, 100,
                org.springframework.util.unit.DataSize.ofMegabytes(10), 1000, java.time.Duration.ofSeconds(15));
        VectorPartition.IndexSettings settings = new VectorPartition.IndexSettings(defaults.hnswThreshold(),
                defaults.hnswMaxConn(), defaults.hnswBeamWidth(), defaults.hnswEfSearch());
        VectorPartition.IndexSettings exactOnly = new VectorPartition.IndexSettings(Integer.MAX_VALUE, 16, 100, 100);
        VectorPartition<MemoryIndex.MemoryAttributes> indexed = new VectorPartition<>(384, settings);
        VectorPartition<MemoryIndex.MemoryAttributes> exact = new VectorPartition<>(384, exactOnly);
        String[] types = {"fact", "decision"};
        for (int i = 0; i < n; i++) {
            MemoryIndex.MemoryAttributes attributes = new MemoryIndex.MemoryAttributes(types[i % 2],
                    List.of(i % 50 == 0 ? "rare" : "common"));
            indexed.add(i, data[i], attributes);
            exact.add(i, data[i], attributes);
        }
        long started = System.nanoTime();
        indexed.maintain();
        System.out.printf("hnsw: graph over %d vectors built in %.1f s (M %d, beam %d, one thread)%n", n,
                (System.nanoTime() - started) / 1e9, settings.maxConn(), settings.beamWidth());

        run("unfiltered", indexed, exact, queries, null);
        run("filter: half (memory_type)", indexed, exact, queries, attributes -> attributes.type().equals("fact"));
        run("filter: 2 % (a tag)", indexed, exact, queries, attributes -> attributes.tags().contains("rare"));
        long[] times = new long[Math.min(200, queries.length)];
        for (int round = 0; round < 2; round++) {
            for (int q = 0; q < times.length; q++) {
                long t = System.nanoTime();
                exact.search(queries[q], 10, null, -1);
                times[q] = System.nanoTime() - t;
            }
        }
        Arrays.sort(times);
        System.out.printf("exact scan of %d vectors (what partitions under the threshold use): p50 %.2f ms, p99 %.2f ms%n", n,
                times[times.length / 2] / 1e6, times[times.length * 99 / 100] / 1e6);
    }

    private static void run(String name, VectorPartition<MemoryIndex.MemoryAttributes> indexed,
                            VectorPartition<MemoryIndex.MemoryAttributes> exact, float[][] queries,
                            Predicate<MemoryIndex.MemoryAttributes> filter) {
        for (int q = 0; q < Math.min(200, queries.length); q++) {
            indexed.search(queries[q], 10, filter, -1);
        }
        long[] times = new long[queries.length];
        double recall = 0;
        for (int q = 0; q < queries.length; q++) {
            long t = System.nanoTime();
            List<VectorPartition.Hit> hits = indexed.search(queries[q], 10, filter, -1);
            times[q] = System.nanoTime() - t;
            Set<Long> truth = new HashSet<>();
            exact.search(queries[q], 10, filter, -1).forEach(hit -> truth.add(hit.id()));
            recall += hits.stream().filter(hit -> truth.contains(hit.id())).count() / (double) truth.size();
        }
        Arrays.sort(times);
        System.out.printf("top-10, %s: p50 %.3f ms, p99 %.3f ms, recall@10 %.4f (%d queries)%n", name,
                times[times.length / 2] / 1e6, times[times.length * 99 / 100] / 1e6, recall / queries.length, queries.length);
    }

    static List<String> sentences(int count, Random random) {
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            texts.add(BenchSentences.sentence(random));
        }
        return texts;
    }

    private static float[][] embed(List<String> texts) throws Exception {
        LocalEmbedder embedder = new LocalEmbedder();
        float[][] vectors = new float[texts.size()][];
        int threads = 2;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            parts.add(pool.submit(() -> {
                for (int i = first; i < texts.size(); i += threads) {
                    vectors[i] = Vectors.normalize(embedder.embed(List.of(texts.get(i))).getFirst());
                }
            }));
        }
        for (Future<?> part : parts) {
            part.get();
        }
        pool.shutdown();
        return vectors;
    }

    private static float[][] read(Path file, int count) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            if (in.readInt() != count) {
                return null;
            }
            float[][] vectors = new float[count][384];
            for (float[] vector : vectors) {
                for (int d = 0; d < 384; d++) {
                    vector[d] = in.readFloat();
                }
            }
            return vectors;
        }
    }

    private static void write(Path file, float[][] vectors) throws IOException {
        Files.createDirectories(file.getParent());
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20))) {
            out.writeInt(vectors.length);
            for (float[] vector : vectors) {
                for (float value : vector) {
                    out.writeFloat(value);
                }
            }
        }
    }
}
