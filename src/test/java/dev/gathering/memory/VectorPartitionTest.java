package dev.gathering.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

/**
 * The index data structure on its own: the graph path agrees with an exact scan (recall), new items are found before
 * the graph covers them, removed ones never come back, and filters are honoured on both paths.
 */
class VectorPartitionTest {

    private static final int DIM = 32;
    private static final VectorPartition.IndexSettings SMALL_GRAPH = new VectorPartition.IndexSettings(200, 16, 100, 100);
    private static final VectorPartition.IndexSettings NO_GRAPH = new VectorPartition.IndexSettings(Integer.MAX_VALUE, 16, 100, 100);

    record Tagged(int group) {
    }

    @Test
    void graphSearchMatchesExactSearch() {
        Random random = new Random(7);
        List<float[]> data = clustered(random, 3000);
        VectorPartition<Tagged> graph = new VectorPartition<>(DIM, SMALL_GRAPH);
        VectorPartition<Tagged> exact = new VectorPartition<>(DIM, NO_GRAPH);
        for (int i = 0; i < data.size(); i++) {
            graph.add(i, data.get(i), new Tagged(i % 4));
            exact.add(i, data.get(i), new Tagged(i % 4));
        }
        graph.maintain();
        assertThat(graph.hasGraph()).isTrue();
        assertThat(exact.hasGraph()).isFalse();

        double recall = recall(random, graph, exact, null);
        assertThat(recall).isGreaterThanOrEqualTo(0.95);
        double filteredRecall = recall(random, graph, exact, tagged -> tagged.group() != 1);
        assertThat(filteredRecall).isGreaterThanOrEqualTo(0.95);
        // a selective filter (750 of 3000 items) is also right: it is answered by an exact scan of the accepted items
        assertThat(recall(random, graph, exact, tagged -> tagged.group() == 2)).isEqualTo(1.0);
    }

    @Test
    void newItemsAreFoundBeforeTheGraphCoversThemAndRemovedOnesNever() {
        Random random = new Random(11);
        VectorPartition<Tagged> partition = new VectorPartition<>(DIM, SMALL_GRAPH);
        List<float[]> data = clustered(random, 1000);
        for (int i = 0; i < data.size(); i++) {
            partition.add(i, data.get(i), new Tagged(0));
        }
        partition.maintain();
        float[] fresh = unit(random);
        partition.add(5000, fresh, new Tagged(0));
        // not maintained yet: the tail scan finds it
        assertThat(partition.search(fresh, 1, null, -1).getFirst().id()).isEqualTo(5000);
        partition.maintain();
        assertThat(partition.search(fresh, 1, null, -1).getFirst().id()).isEqualTo(5000);

        assertThat(partition.remove(5000)).isTrue();
        assertThat(partition.remove(5000)).isFalse();
        assertThat(partition.search(fresh, 10, null, -1)).extracting(VectorPartition.Hit::id).doesNotContain(5000L);
        for (int i = 0; i < 500; i++) {
            partition.remove(i);
        }
        for (int q = 0; q < 20; q++) {
            assertThat(partition.search(unit(random), 10, null, -1)).allSatisfy(hit -> assertThat(hit.id()).isGreaterThanOrEqualTo(500));
        }
        assertThat(partition.liveCount()).isEqualTo(500);
    }

    @Test
    void thresholdAndOrderAreApplied() {
        VectorPartition<Tagged> partition = new VectorPartition<>(DIM, NO_GRAPH);
        Random random = new Random(3);
        float[] query = unit(random);
        for (int i = 0; i < 100; i++) {
            partition.add(i, unit(random), new Tagged(0));
        }
        List<VectorPartition.Hit> hits = partition.search(query, 100, null, 0.1f);
        assertThat(hits).allSatisfy(hit -> assertThat(hit.score()).isGreaterThanOrEqualTo(0.1f));
        for (int i = 1; i < hits.size(); i++) {
            assertThat(hits.get(i - 1).score()).isGreaterThanOrEqualTo(hits.get(i).score());
        }
    }

    private static double recall(Random random, VectorPartition<Tagged> graph, VectorPartition<Tagged> exact,
                                 Predicate<Tagged> filter) {
        int found = 0;
        int queries = 100;
        for (int q = 0; q < queries; q++) {
            float[] query = unit(random);
            Set<Long> expected = new HashSet<>();
            exact.search(query, 10, filter, -1).forEach(hit -> expected.add(hit.id()));
            for (VectorPartition.Hit hit : graph.search(query, 10, filter, -1)) {
                if (expected.contains(hit.id())) {
                    found++;
                }
            }
        }
        return found / (queries * 10.0);
    }

    static List<float[]> clustered(Random random, int count) {
        List<float[]> centers = new ArrayList<>();
        for (int c = 0; c < 30; c++) {
            centers.add(unit(random));
        }
        List<float[]> data = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] center = centers.get(random.nextInt(centers.size()));
            float[] vector = new float[DIM];
            for (int d = 0; d < DIM; d++) {
                vector[d] = center[d] + 0.3f * (float) random.nextGaussian();
            }
            data.add(Vectors.normalize(vector));
        }
        return data;
    }

    static float[] unit(Random random) {
        float[] vector = new float[DIM];
        for (int d = 0; d < DIM; d++) {
            vector[d] = (float) random.nextGaussian();
        }
        return Vectors.normalize(vector);
    }
}
