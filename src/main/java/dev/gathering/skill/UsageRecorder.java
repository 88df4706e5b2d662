package dev.gathering.skill;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Counts tool calls per agent and skill in memory and adds them to {@code agent.agent_tools} in one statement every
 * {@code usage-flush} (1 s), and at shutdown: a call costs no database round trip. The map holds at most one entry per
 * agent and skill used since the last flush; past {@value #MAX_PENDING} entries the caller flushes at once.
 */
@Component
class UsageRecorder implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(UsageRecorder.class);
    static final int MAX_PENDING = 10_000;

    private record Key(long agentId, long skillId) {
    }

    private static final class Count {
        final AtomicLong calls = new AtomicLong();
        volatile long lastUsedMillis;
    }

    private final SkillRepository repository;
    private final SkillProperties properties;
    private final Map<Key, Count> pending = new ConcurrentHashMap<>();
    private volatile Thread flusher;
    private volatile boolean running;

    UsageRecorder(SkillRepository repository, SkillProperties properties) {
        this.repository = repository;
        this.properties = properties;
    }

    void record(long agentId, long skillId) {
        long now = System.currentTimeMillis();
        // compute is atomic with the flush's remove: no call is counted into an entry already taken away
        pending.compute(new Key(agentId, skillId), (key, count) -> {
            Count counted = count == null ? new Count() : count;
            counted.calls.incrementAndGet();
            counted.lastUsedMillis = now;
            return counted;
        });
        if (pending.size() > MAX_PENDING) {
            flush();
        }
    }

    /** Writes what was counted so far. */
    synchronized void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<SkillRepository.Usage> batch = new ArrayList<>();
        for (Key key : List.copyOf(pending.keySet())) {
            Count count = pending.remove(key);
            if (count != null && count.calls.get() > 0) {
                batch.add(new SkillRepository.Usage(key.agentId(), key.skillId(), count.calls.get(),
                        OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(count.lastUsedMillis), ZoneOffset.UTC)));
            }
        }
        try {
            repository.addUsage(batch);
        } catch (RuntimeException e) {
            log.warn("Could not store the usage of {} tool(s): {}", batch.size(), e.toString());
        }
    }

    @Override
    public void start() {
        running = true;
        flusher = Thread.ofVirtual().name("tool-usage").start(() -> {
            while (running) {
                try {
                    Thread.sleep(properties.usageFlush());
                } catch (InterruptedException e) {
                    return;
                }
                flush();
            }
        });
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = flusher;
        if (thread != null) {
            thread.interrupt();
        }
        flush();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // stops after the web server and the workers (which may still record), before the database pool
        return Integer.MIN_VALUE + 1000;
    }
}
