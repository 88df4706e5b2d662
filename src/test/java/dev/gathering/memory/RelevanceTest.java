package dev.gathering.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.gathering.support.Api;
import dev.gathering.support.Fixtures;
import dev.gathering.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Relevance of the default model on a labelled set written for this project ({@code memory/relevance.json}): 40
 * memories of a software team, and 40 questions asking for them in other words. The expected memory must be among
 * the top three for at least 90 % of the questions. The similarities seen are printed: they are what the model's
 * default thresholds are chosen from.
 */
class RelevanceTest extends IntegrationTest {

    @Test
    void theExpectedMemoryIsInTheTopThreeForNineQuestionsOutOfTen() throws IOException {
        JsonNode set;
        try (InputStream in = getClass().getResourceAsStream("/memory/relevance.json")) {
            set = Api.JSON.readTree(in);
        }
        Api admin = admin();
        long agentId = Fixtures.agent(admin, Fixtures.unique("Relevance"), "local", "local-responder", Map.of());
        List<Map<String, Object>> batch = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (JsonNode memory : set.get("memories")) {
            batch.add(Map.of("content", memory.get("content").asString()));
            labels.add(memory.get("id").asString());
        }
        Api.Response created = admin.post("/memories/agents/" + agentId + "/remember/batch", Map.of("memories", batch));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        Map<Long, String> labelOf = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            labelOf.put(created.json().get("created").get(i).asLong(), labels.get(i));
        }

        int inTopThree = 0;
        int first = 0;
        List<String> misses = new ArrayList<>();
        List<Double> expectedScores = new ArrayList<>();
        List<Double> bestWrongScores = new ArrayList<>();
        for (JsonNode query : set.get("queries")) {
            Api.Response response = admin.withClientIp(Api.randomClientIp()).post("/memories/agents/" + agentId + "/recall",
                    Map.of("query", query.get("query").asString(), "limit", 3, "threshold", 0));
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            JsonNode memories = response.json().get("memories");
            String expected = query.get("expected").asString();
            boolean found = false;
            Double bestWrong = null;
            for (int rank = 0; rank < memories.size(); rank++) {
                String label = labelOf.get(memories.get(rank).get("id").asLong());
                double similarity = memories.get(rank).get("similarity").asDouble();
                if (label.equals(expected)) {
                    found = true;
                    expectedScores.add(similarity);
                    if (rank == 0) {
                        first++;
                    }
                } else if (bestWrong == null) {
                    bestWrong = similarity;
                }
            }
            if (bestWrong != null) {
                bestWrongScores.add(bestWrong);
            }
            if (found) {
                inTopThree++;
            } else {
                misses.add(query.get("query").asString() + " -> " + memories.findValuesAsString("value"));
            }
        }
        int total = set.get("queries").size();
        System.out.printf("relevance: top-3 %d/%d (%.1f %%), top-1 %d/%d; expected similarity min %.3f median %.3f; "
                        + "best wrong similarity median %.3f max %.3f%n", inTopThree, total, 100.0 * inTopThree / total, first,
                total, expectedScores.stream().mapToDouble(Double::doubleValue).min().orElse(0), median(expectedScores),
                median(bestWrongScores), bestWrongScores.stream().mapToDouble(Double::doubleValue).max().orElse(0));
        for (double threshold : new double[] {0.2, 0.25, 0.3, 0.35, 0.4}) {
            System.out.printf("relevance: at threshold %.2f, %d/%d expected memories kept, %d/%d best wrong ones kept%n",
                    threshold, expectedScores.stream().filter(score -> score >= threshold).count(), expectedScores.size(),
                    bestWrongScores.stream().filter(score -> score >= threshold).count(), bestWrongScores.size());
        }
        misses.forEach(miss -> System.out.println("relevance miss: " + miss));

        assertThat(total).isGreaterThanOrEqualTo(30);
        assertThat(inTopThree).as("questions whose memory is in the top three; misses: %s", misses)
                .isGreaterThanOrEqualTo((int) Math.ceil(total * 0.9));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }
}
