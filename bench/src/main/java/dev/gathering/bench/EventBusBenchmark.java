package dev.gathering.bench;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.gathering.platform.cache.Caches;
import dev.gathering.platform.events.Event;
import dev.gathering.platform.events.EventBus;
import dev.gathering.platform.events.EventProperties;
import dev.gathering.platform.events.OverflowPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The event bus in process, as the server builds it (default settings, Micrometer counters on).
 * <ul>
 * <li>{@code deliveries}: one publisher publishes {@value #BATCH} events and waits until every one of
 *     {@code subscribers} handlers has handled all of them; the score is events/s end to end, the {@code deliveries}
 *     counter is handler invocations/s. Internal-handler policy (BLOCK), nothing is dropped.</li>
 * <li>{@code publish}: the latency of one {@code publish()} call (event creation included) with 10 subscribers,
 *     sampled; percentiles are in the output. Publishing back to back saturates the subscribers: with DROP_OLDEST
 *     (stream clients) the call never waits; with BLOCK (internal handlers) it waits whenever a queue is full, so
 *     its tail is the subscribers' pace.</li>
 * <li>{@code publishPaced}: the same call at a rate the subscribers keep up with (a 20 µs pause, not timed, between
 *     calls): each call then wakes the 10 idle subscriber threads, the common case of a server's publishers.</li>
 * </ul>
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseG1GC"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class EventBusBenchmark {

    static final int BATCH = 10_000;
    private static final Map<String, Object> DATA = Map.of("agent_id", 7, "name", "Ada");

    @State(Scope.Benchmark)
    public static class Deliveries {

        @Param({"1", "10", "100"})
        int subscribers;

        EventBus bus;
        volatile long target;
        volatile CountDownLatch done;

        @Setup(Level.Trial)
        public void start() {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            bus = new EventBus(EventProperties.defaults().withQueueCapacities(2 * BATCH, 1000), meters, new Caches(meters));
            for (int i = 0; i < subscribers; i++) {
                long[] handled = new long[1];
                bus.subscribe("bench", event -> true, event -> {
                    if (++handled[0] == target) {
                        done.countDown();
                    }
                }, OverflowPolicy.BLOCK, 0);
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            bus.destroy();
        }
    }

    /** Handler invocations, reported per second next to the events/s score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Handled {
        public long deliveries;

        @Setup(Level.Iteration)
        public void reset() {
            deliveries = 0;
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public void deliveries(Deliveries state, Handled handled) throws InterruptedException {
        state.done = new CountDownLatch(state.subscribers);
        state.target += BATCH;
        for (int i = 0; i < BATCH; i++) {
            state.bus.publish(Event.of("agent.tool.executed", DATA));
        }
        state.done.await();
        handled.deliveries += (long) BATCH * state.subscribers;
    }

    @State(Scope.Benchmark)
    public static class Publishing {

        @Param({"DROP_OLDEST", "BLOCK"})
        OverflowPolicy policy;

        EventBus bus;

        @Setup(Level.Trial)
        public void start() {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            bus = new EventBus(EventProperties.defaults(), meters, new Caches(meters));
            for (int i = 0; i < 10; i++) {
                long[] handled = new long[1];
                bus.subscribe("bench", event -> true, event -> handled[0]++, policy, 0);
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            bus.destroy();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void publish(Publishing state) {
        state.bus.publish(Event.of("agent.tool.executed", DATA));
    }

    @State(Scope.Benchmark)
    public static class Paced {

        EventBus bus;

        @Setup(Level.Trial)
        public void start() {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            bus = new EventBus(EventProperties.defaults(), meters, new Caches(meters));
            for (int i = 0; i < 10; i++) {
                long[] handled = new long[1];
                bus.subscribe("bench", event -> true, event -> handled[0]++, OverflowPolicy.BLOCK, 0);
            }
        }

        /** Not timed: lets the subscribers drain and park before the next call. */
        @Setup(Level.Invocation)
        public void pause() {
            LockSupport.parkNanos(20_000);
        }

        @TearDown(Level.Trial)
        public void stop() {
            bus.destroy();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void publishPaced(Paced state) {
        state.bus.publish(Event.of("agent.tool.executed", DATA));
    }
}
