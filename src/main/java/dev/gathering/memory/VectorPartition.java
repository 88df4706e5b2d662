package dev.gathering.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.VectorEncoding;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.FixedBitSet;
import org.apache.lucene.util.VectorUtil;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;

/**
 * The normalized vectors of one partition (one agent's memories, or the knowledge base) with each item's attributes,
 * searched by cosine similarity. Items are appended and soft-deleted; their position ("ord") never changes.
 *
 * <p>Small partitions are scanned exactly ({@link VectorUtil#dotProduct}; SIMD when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}). From {@link IndexSettings#hnswThreshold()} vectors on, a Lucene HNSW
 * graph is built in the background and searched instead; vectors appended since its last update (the tail) are
 * scanned exactly and merged in, so a new item is found at once. Filters (memory type, tags, scope...) are applied
 * during the graph search as accepted ords; a filter that leaves fewer than the threshold's worth of items, or a graph
 * search that would visit more nodes than the filter accepts, falls back to an exact scan of the accepted items.
 * Callers never see which path answered.
 *
 * <p>Concurrency: searches hold the read lock; appends, deletions and graph insertions hold the write lock briefly
 * (one graph node at a time). The first graph of a partition is built without the lock over the vectors present when
 * it starts (they never change), then catches up with the tail under the lock and is published.
 */
final class VectorPartition<A> {

    record Hit(long id, float score) {
    }

    /** The part of {@link MemoryProperties} the index needs. */
    record IndexSettings(int hnswThreshold, int maxConn, int beamWidth, int efSearch) {
    }

    private final int dimension;
    private final IndexSettings settings;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<Long, Integer> ords = new HashMap<>();
    private final AtomicBoolean maintenanceScheduled = new AtomicBoolean();
    private volatile float[][] vectors = new float[16][];
    private volatile int size;
    private long[] ids = new long[16];
    private Object[] attributes = new Object[16];
    private FixedBitSet live = new FixedBitSet(16);
    private int liveCount;
    private HnswGraphBuilder builder;
    private OnHeapHnswGraph graph;
    private int graphSize;

    VectorPartition(int dimension, IndexSettings settings) {
        this.dimension = dimension;
        this.settings = settings;
    }

    int dimension() {
        return dimension;
    }

    /**
     * Adds an item, or updates the attributes of a present one (its vector does not change: items are immutable).
     * Returns true when the partition now wants graph maintenance.
     */
    boolean add(long id, float[] vector, A attributes) {
        if (vector.length != dimension) {
            throw new IllegalArgumentException("vector of " + vector.length + " dimensions in a " + dimension + "-d partition");
        }
        lock.writeLock().lock();
        try {
            Integer existing = ords.get(id);
            if (existing != null) {
                this.attributes[existing] = attributes;
                return false;
            }
            int ord = size;
            if (ord == ids.length) {
                int capacity = ids.length * 2;
                ids = Arrays.copyOf(ids, capacity);
                this.attributes = Arrays.copyOf(this.attributes, capacity);
                vectors = Arrays.copyOf(vectors, capacity);
                live = FixedBitSet.ensureCapacity(live, capacity);
            }
            vectors[ord] = vector;
            ids[ord] = id;
            this.attributes[ord] = attributes;
            live.set(ord);
            ords.put(id, ord);
            liveCount++;
            size = ord + 1;
            return wantsMaintenance();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes an item from the results (its vector stays as a graph waypoint). False when absent or already removed. */
    boolean remove(long id) {
        lock.writeLock().lock();
        try {
            Integer ord = ords.get(id);
            if (ord == null || !live.get(ord)) {
                return false;
            }
            live.clear(ord);
            liveCount--;
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    boolean contains(long id) {
        lock.readLock().lock();
        try {
            Integer ord = ords.get(id);
            return ord != null && live.get(ord);
        } finally {
            lock.readLock().unlock();
        }
    }

    int liveCount() {
        lock.readLock().lock();
        try {
            return liveCount;
        } finally {
            lock.readLock().unlock();
        }
    }

    int size() {
        return size;
    }

    boolean hasGraph() {
        lock.readLock().lock();
        try {
            return graph != null;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The {@code k} live items most similar to {@code query} (normalized) among those {@code filter} accepts (null:
     * all), with a similarity of at least {@code minScore}, best first.
     */
    List<Hit> search(float[] query, int k, Predicate<A> filter, float minScore) {
        if (query.length != dimension) {
            throw new IllegalArgumentException("query of " + query.length + " dimensions in a " + dimension + "-d partition");
        }
        lock.readLock().lock();
        try {
            int n = size;
            if (n == 0 || k <= 0) {
                return List.of();
            }
            if (graph == null) {
                return exact(query, k, acceptor(filter), 0, n, minScore).hits();
            }
            Bits accepted = live;
            int acceptedCount = liveCount;
            if (filter != null) {
                FixedBitSet bits = new FixedBitSet(n);
                acceptedCount = 0;
                for (int ord = 0; ord < n; ord++) {
                    if (live.get(ord) && filter.test(attribute(ord))) {
                        bits.set(ord);
                        acceptedCount++;
                    }
                }
                accepted = bits;
                if (acceptedCount < settings.hnswThreshold()) {
                    return exact(query, k, bits::get, 0, n, minScore).hits();
                }
            }
            Bits chosen = accepted;
            TopK top = graphSearch(query, k, chosen, acceptedCount, minScore);
            if (top == null) {
                return exact(query, k, chosen::get, 0, n, minScore).hits();
            }
            if (graphSize < n) {
                top.merge(exact(query, k, chosen::get, graphSize, n, minScore));
            }
            return top.hits();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Null when the graph search gave up (it would visit more nodes than an exact scan of the accepted ones). */
    private TopK graphSearch(float[] query, int k, Bits accepted, int acceptedCount, float minScore) {
        try {
            Values values = new Values(graphSize);
            RandomVectorScorer scorer = DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorer(
                    VectorSimilarityFunction.DOT_PRODUCT, values, query);
            int candidates = Math.max(k, settings.efSearch());
            TopKnnCollector collector = new TopKnnCollector(candidates, Math.max(acceptedCount, candidates) + candidates);
            Bits bounded = new Bits() {
                @Override
                public boolean get(int index) {
                    return index < accepted.length() && accepted.get(index);
                }

                @Override
                public int length() {
                    return graphSize;
                }
            };
            HnswGraphSearcher.search(scorer, collector, graph, bounded);
            if (collector.earlyTerminated()) {
                return null;
            }
            TopDocs docs = collector.topDocs();
            TopK top = new TopK(k);
            for (ScoreDoc doc : docs.scoreDocs) {
                float score = VectorUtil.dotProduct(query, vectors[doc.doc]);
                if (score >= minScore) {
                    top.offer(doc.doc, ids[doc.doc], score);
                }
            }
            return top;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface OrdFilter {
        boolean accept(int ord);
    }

    private OrdFilter acceptor(Predicate<A> filter) {
        return filter == null ? live::get : ord -> live.get(ord) && filter.test(attribute(ord));
    }

    private TopK exact(float[] query, int k, OrdFilter accept, int from, int to, float minScore) {
        TopK top = new TopK(k);
        float[][] all = vectors;
        for (int ord = from; ord < to; ord++) {
            if (accept.accept(ord)) {
                float score = VectorUtil.dotProduct(query, all[ord]);
                if (score >= minScore) {
                    top.offer(ord, ids[ord], score);
                }
            }
        }
        return top;
    }

    @SuppressWarnings("unchecked")
    private A attribute(int ord) {
        return (A) attributes[ord];
    }

    // ---- graph maintenance (called on the index maintenance thread) ----

    private boolean wantsMaintenance() {
        return size >= settings.hnswThreshold() && graphSize < size;
    }

    /** True when the caller should schedule {@link #maintain()} (it is not scheduled already). */
    boolean claimMaintenance() {
        return maintenanceScheduled.compareAndSet(false, true);
    }

    /**
     * Builds the graph (first time: without the lock, over the vectors present now) or adds the tail to it, one node
     * per write-lock hold. Returns when the graph covers every vector.
     */
    void maintain() {
        try {
            while (true) {
                maintenanceScheduled.set(false);
                if (!needsGraphWork()) {
                    return;
                }
                if (builder == null) {
                    buildFirstGraph();
                } else {
                    extendGraph();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean needsGraphWork() {
        lock.readLock().lock();
        try {
            return size >= settings.hnswThreshold() && graphSize < size;
        } finally {
            lock.readLock().unlock();
        }
    }

    private void buildFirstGraph() throws IOException {
        int snapshot = size;
        Values values = new Values(-1);
        RandomVectorScorerSupplier supplier = DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorerSupplier(
                VectorSimilarityFunction.DOT_PRODUCT, values);
        HnswGraphBuilder fresh = HnswGraphBuilder.create(supplier, settings.maxConn(), settings.beamWidth(), 42L);
        for (int ord = 0; ord < snapshot; ord++) {
            fresh.addGraphNode(ord);
        }
        lock.writeLock().lock();
        try {
            for (int ord = snapshot; ord < size; ord++) {
                fresh.addGraphNode(ord);
            }
            builder = fresh;
            graph = fresh.getGraph();
            graphSize = size;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void extendGraph() throws IOException {
        while (true) {
            lock.writeLock().lock();
            try {
                if (graphSize >= size) {
                    return;
                }
                builder.addGraphNode(graphSize);
                graphSize++;
            } finally {
                lock.writeLock().unlock();
            }
        }
    }

    /** The partition's vectors as Lucene reads them; {@code fixedSize} -1 follows the partition's size. */
    private final class Values extends FloatVectorValues {
        private final int fixedSize;

        Values(int fixedSize) {
            this.fixedSize = fixedSize;
        }

        @Override
        public int dimension() {
            return dimension;
        }

        @Override
        public int size() {
            return fixedSize >= 0 ? fixedSize : size;
        }

        @Override
        public float[] vectorValue(int ord) {
            return vectors[ord];
        }

        @Override
        public FloatVectorValues copy() {
            return this;
        }

        @Override
        public VectorEncoding getEncoding() {
            return VectorEncoding.FLOAT32;
        }
    }

    /** The best k (ord, id, score) seen, as a min-heap on score. */
    private static final class TopK {
        private final int k;
        private final int[] heapOrds;
        private final long[] heapIds;
        private final float[] heapScores;
        private int count;

        TopK(int k) {
            this.k = k;
            this.heapOrds = new int[k];
            this.heapIds = new long[k];
            this.heapScores = new float[k];
        }

        void offer(int ord, long id, float score) {
            if (count < k) {
                heapOrds[count] = ord;
                heapIds[count] = id;
                heapScores[count] = score;
                up(count++);
            } else if (score > heapScores[0]) {
                heapOrds[0] = ord;
                heapIds[0] = id;
                heapScores[0] = score;
                down(0);
            }
        }

        void merge(TopK other) {
            for (int i = 0; i < other.count; i++) {
                offer(other.heapOrds[i], other.heapIds[i], other.heapScores[i]);
            }
        }

        List<Hit> hits() {
            List<Hit> hits = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                hits.add(new Hit(heapIds[i], heapScores[i]));
            }
            hits.sort((a, b) -> a.score() != b.score() ? Float.compare(b.score(), a.score()) : Long.compare(b.id(), a.id()));
            return hits;
        }

        private void up(int i) {
            while (i > 0) {
                int parent = (i - 1) / 2;
                if (heapScores[parent] <= heapScores[i]) {
                    return;
                }
                swap(i, parent);
                i = parent;
            }
        }

        private void down(int i) {
            while (true) {
                int left = 2 * i + 1;
                int right = left + 1;
                int smallest = i;
                if (left < count && heapScores[left] < heapScores[smallest]) {
                    smallest = left;
                }
                if (right < count && heapScores[right] < heapScores[smallest]) {
                    smallest = right;
                }
                if (smallest == i) {
                    return;
                }
                swap(i, smallest);
                i = smallest;
            }
        }

        private void swap(int a, int b) {
            int ord = heapOrds[a];
            heapOrds[a] = heapOrds[b];
            heapOrds[b] = ord;
            long id = heapIds[a];
            heapIds[a] = heapIds[b];
            heapIds[b] = id;
            float score = heapScores[a];
            heapScores[a] = heapScores[b];
            heapScores[b] = score;
        }
    }
}
