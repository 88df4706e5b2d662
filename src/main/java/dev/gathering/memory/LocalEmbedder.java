package dev.gathering.memory;

import java.util.ArrayList;
import java.util.List;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/**
 * all-MiniLM-L6-v2, quantized, run in process by ONNX Runtime through LangChain4j: 384 dimensions, no key, no network.
 * The model (23 MB inside the jar) is loaded once per JVM, when this class is first used. Quantized rather than the
 * full model: on this project's 2-core machines it embeds ~210 short texts/s per thread against ~120, adds ~90 MB of
 * resident memory against ~400 MB, and its cosine scores differ from the full model's by about 0.005.
 */
final class LocalEmbedder implements Embedder {

    /** Texts are embedded one by one on the calling thread: parallelism is the embedding pool's business. */
    private static final class Holder {
        static final EmbeddingModel MODEL = new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run);
    }

    static void load() {
        Holder.MODEL.embed("warm up");
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (String text : texts) {
            vectors.add(Holder.MODEL.embed(text).content().vector());
        }
        return vectors;
    }
}
