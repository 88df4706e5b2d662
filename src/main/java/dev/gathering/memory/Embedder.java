package dev.gathering.memory;

import java.util.List;

/** Computes embeddings for one model; called on the embedding threads only, never on a request thread. */
interface Embedder {

    /** One vector per text, in order, each of the model's dimension (not necessarily normalized). */
    List<float[]> embed(List<String> texts);
}
