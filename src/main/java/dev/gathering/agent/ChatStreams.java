package dev.gathering.agent;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.gathering.llm.StreamCancellation;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The chat streams in progress on this instance. When the server stops, they are cancelled first (each tells its
 * client with an {@code error} event), so that the web server's graceful shutdown does not wait for them.
 */
@Component
class ChatStreams implements SmartLifecycle {

    private final Set<StreamCancellation> open = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private volatile boolean stopping;

    StreamCancellation open() {
        StreamCancellation cancellation = new StreamCancellation();
        open.add(cancellation);
        if (stopping) {
            cancellation.cancel();
        }
        return cancellation;
    }

    void close(StreamCancellation cancellation) {
        open.remove(cancellation);
    }

    boolean stopping() {
        return stopping;
    }

    @Override
    public void start() {
        stopping = false;
        running = true;
    }

    @Override
    public void stop() {
        stopping = true;
        open.forEach(StreamCancellation::cancel);
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the web server's graceful shutdown, like the event stream's connections. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1;
    }
}
