package dev.gathering.llm;

import java.util.concurrent.atomic.AtomicReference;

import dev.langchain4j.model.chat.response.StreamingHandle;

/**
 * Lets whoever consumes a stream (an SSE or WebSocket client) stop the provider call: cancelling closes the
 * provider's stream as soon as it has produced its first token, or prevents the next call from starting.
 */
public final class StreamCancellation {

    private final AtomicReference<StreamingHandle> handle = new AtomicReference<>();
    private final AtomicReference<Runnable> onCancel = new AtomicReference<>();
    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
        StreamingHandle current = handle.get();
        if (current != null && !current.isCancelled()) {
            current.cancel();
        }
        Runnable callback = onCancel.get();
        if (callback != null) {
            callback.run();
        }
    }

    /** What else to stop on cancellation (the wait for the current call's end). */
    void onCancel(Runnable callback) {
        onCancel.set(callback);
        if (cancelled) {
            callback.run();
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    void attach(StreamingHandle streamingHandle) {
        handle.set(streamingHandle);
        if (cancelled) {
            streamingHandle.cancel();
        }
    }
}
