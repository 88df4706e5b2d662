package dev.gathering.memory;

import java.time.Duration;
import java.util.List;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;

/** Embeddings from an OpenAI-compatible {@code POST /embeddings} endpoint (OpenAI, vLLM, LM Studio, LocalAI...). */
final class OpenAiEmbedder implements Embedder {

    /** OpenAI accepts up to 2048 inputs per request; smaller requests fail and retry more cheaply. */
    static final int BATCH = 256;

    private final OpenAiEmbeddingModel model;

    OpenAiEmbedder(String baseUrl, String apiKey, String modelName, Integer dimensions, Duration timeout) {
        this.model = OpenAiEmbeddingModel.builder().baseUrl(baseUrl).apiKey(apiKey == null ? "none" : apiKey)
                .modelName(modelName).dimensions(dimensions).maxSegmentsPerBatch(BATCH).timeout(timeout).maxRetries(2)
                .build();
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        List<Embedding> embeddings = model.embedAll(texts.stream().map(TextSegment::from).toList()).content();
        if (embeddings.size() != texts.size()) {
            throw new IllegalStateException("the provider returned " + embeddings.size() + " embeddings for "
                    + texts.size() + " texts");
        }
        return embeddings.stream().map(Embedding::vector).toList();
    }
}
