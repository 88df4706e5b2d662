package dev.gathering.memory;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An embedding model as vectors are stored and searched: who computes it, its name, the dimension of its vectors, and
 * the similarity thresholds that suit its score distribution. Cosine scores are not comparable across models: OpenAI's
 * {@code text-embedding-3-*} put related texts around 0.4–0.8 and the upstream default 0.7 suits them; all-MiniLM-L6-v2
 * puts paraphrases around 0.35–0.75 and unrelated texts below 0.15, so its defaults are lower.
 *
 * @param provider        {@code local} or the name of an OpenAI-compatible provider
 * @param model           the model name
 * @param dimension       the vectors' dimension
 * @param askDimension    whether the dimension is sent to the provider (OpenAI's {@code dimensions} parameter, which
 *                        shortens text-embedding-3 vectors); otherwise it is the model's own
 * @param recallThreshold default threshold of the recall and knowledge-search routes when the request gives none
 * @param chatThreshold   threshold of the memories injected into a chat prompt
 */
public record EmbeddingSpec(String provider, String model, int dimension, boolean askDimension, double recallThreshold,
                            double chatThreshold) {

    static final String LOCAL = "local";
    static final String LOCAL_MODEL = "all-minilm-l6-v2-q";
    static final int LOCAL_DIMENSION = 384;

    /** all-MiniLM-L6-v2 (quantized): thresholds measured on the labelled set in src/test/resources. */
    static final double LOCAL_RECALL_THRESHOLD = 0.3;
    static final double LOCAL_CHAT_THRESHOLD = 0.25;
    /** OpenAI text-embedding-3-*: the upstream defaults (0.7 for the routes, 0.4 for chat). */
    static final double OPENAI_RECALL_THRESHOLD = 0.7;
    static final double OPENAI_CHAT_THRESHOLD = 0.4;

    /** How stored vectors name their model: provider and model, plus the dimension when it was asked for. */
    public String key() {
        return provider + ":" + model + "@" + dimension;
    }

    boolean local() {
        return provider.equals(LOCAL);
    }

    static EmbeddingSpec defaultLocal() {
        return new EmbeddingSpec(LOCAL, LOCAL_MODEL, LOCAL_DIMENSION, false, LOCAL_RECALL_THRESHOLD, LOCAL_CHAT_THRESHOLD);
    }

    static double defaultRecallThreshold(String provider, String model) {
        return provider.equals(LOCAL) ? LOCAL_RECALL_THRESHOLD
                : model.toLowerCase(Locale.ROOT).contains("minilm") ? LOCAL_RECALL_THRESHOLD : OPENAI_RECALL_THRESHOLD;
    }

    static double defaultChatThreshold(String provider, String model) {
        return provider.equals(LOCAL) ? LOCAL_CHAT_THRESHOLD
                : model.toLowerCase(Locale.ROOT).contains("minilm") ? LOCAL_CHAT_THRESHOLD : OPENAI_CHAT_THRESHOLD;
    }

    EmbeddingSpec withThresholds(Double recall, Double chat) {
        return new EmbeddingSpec(provider, model, dimension, askDimension, recall == null ? recallThreshold : recall,
                chat == null ? chatThreshold : chat);
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("provider", provider);
        map.put("model", model);
        map.put("dimension", dimension);
        map.put("ask_dimension", askDimension);
        map.put("recall_threshold", recallThreshold);
        map.put("chat_threshold", chatThreshold);
        return map;
    }
}
