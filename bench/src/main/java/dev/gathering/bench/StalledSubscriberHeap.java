package dev.gathering.bench;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import dev.gathering.platform.cache.Caches;
import dev.gathering.platform.events.Event;
import dev.gathering.platform.events.EventBus;
import dev.gathering.platform.events.EventProperties;
import dev.gathering.platform.events.OverflowPolicy;
import dev.gathering.platform.events.Subscription;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * N events (default 10 M) published with one subscriber that never returns (a stream client's policy, DROP_OLDEST,
 * queue 1 000) and one that keeps up: prints the heap in use after a full GC every 10 % of the way, the drops counted,
 * and the publish rate. A bounded queue means a flat heap.
 */
public final class StalledSubscriberHeap {

    public static void main(String[] args) throws InterruptedException {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        EventBus bus = new EventBus(EventProperties.defaults(), meters, new Caches(meters));
        CountDownLatch never = new CountDownLatch(1);
        Subscription stalled = bus.subscribe("stalled", event -> true, event -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, OverflowPolicy.DROP_OLDEST, 1000);
        AtomicLong handled = new AtomicLong();
        bus.subscribe("fast", event -> true, event -> handled.incrementAndGet(), OverflowPolicy.DROP_OLDEST, 1000);
        Map<String, Object> data = Map.of("agent_id", 7, "name", "Ada");
        long step = events / 10;
        long first = usedAfterGc();
        System.out.printf("heap with a stalled subscriber, %,d events%n%12s %12s %14s%n", events, "published", "heap (KiB)", "dropped");
        System.out.printf("%,12d %,12d %,14d%n", 0, first / 1024, 0);
        long start = System.nanoTime();
        long peak = first;
        for (long i = 1; i <= events; i++) {
            bus.publish(Event.of("memory.recalled", data).sourceAgent(7L));
            if (i % step == 0) {
                long used = usedAfterGc();
                peak = Math.max(peak, used);
                System.out.printf("%,12d %,12d %,14d%n", i, used / 1024, stalled.dropped());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("growth after GC %+,d KiB (peak %,d KiB); %,d dropped for the stalled subscriber; "
                        + "fast subscriber handled %,d; ~%,.0f publishes/s (GC pauses included)%n",
                (usedAfterGc() - first) / 1024, peak / 1024, stalled.dropped(), handled.get(), events / seconds);
        never.countDown();
        bus.destroy();
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
