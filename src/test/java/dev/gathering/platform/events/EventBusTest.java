package dev.gathering.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import dev.gathering.platform.cache.Caches;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bus on its own: the upstream acceptance checks 11 to 15, ordering, isolation and bounded memory. */
class EventBusTest {

    private final List<EventBus> buses = new ArrayList<>();

    private EventBus bus(EventProperties properties) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        EventBus bus = new EventBus(properties, meters, new Caches(meters));
        buses.add(bus);
        return bus;
    }

    private EventBus bus() {
        return bus(EventProperties.defaults());
    }

    @AfterEach
    void closeBuses() {
        buses.forEach(EventBus::destroy);
    }

    // check 11
    @Test
    void everyHandlerIsInvokedOnceAndAThrowingHandlerStopsNoOther() {
        EventBus bus = bus();
        AtomicInteger[] calls = new AtomicInteger[10];
        for (int i = 0; i < 10; i++) {
            AtomicInteger count = calls[i] = new AtomicInteger();
            boolean throwing = i == 3;
            bus.subscribe("task.created", event -> {
                count.incrementAndGet();
                if (throwing) {
                    throw new IllegalStateException("handler 3 fails on purpose");
                }
            });
        }

        bus.publish(Event.of("task.created", Map.of("task_id", 1)));

        await().atMost(Duration.ofSeconds(5)).until(() -> bus.stats().delivered() == 10);
        assertThat(calls).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        assertThat(bus.stats().handlerErrors()).isEqualTo(1);
        assertThat(bus.stats().published()).isEqualTo(1);
    }

    // check 12
    @Test
    void withDedupTenIdenticalEventsWithinTheWindowAreDeliveredOnce() {
        EventBus bus = bus(EventProperties.defaults().withDedup(Duration.ofSeconds(1)));
        List<Object> seen = Collections.synchronizedList(new ArrayList<>());
        bus.subscribe("memory.*", event -> seen.add(event.data().get("n")));

        for (int i = 0; i < 10; i++) {
            bus.publish(Event.of("memory.created", Map.of("n", 0)).sourceAgent(7L).circle(2L));
        }
        for (int i = 1; i <= 10; i++) {
            bus.publish(Event.of("memory.created", Map.of("n", i)).sourceAgent(7L).circle(2L));
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 11);
        assertThat(seen).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(bus.stats().deduplicated()).isEqualTo(9);
        assertThat(bus.stats().published()).isEqualTo(11);
        assertThat(bus.history(null, 100)).hasSize(11);
    }

    @Test
    void dedupKeysOnTypeSourceCircleAndDataAndForgetsAfterTheWindow() {
        EventBus bus = bus(EventProperties.defaults().withDedup(Duration.ofMillis(200)));

        bus.publish(Event.of("task.created", Map.of("n", 1)).sourceAgent(1L));
        bus.publish(Event.of("task.created", Map.of("n", 1)).sourceAgent(2L));
        bus.publish(Event.of("task.created", Map.of("n", 1)).sourceAgent(1L).circle(9L));
        bus.publish(Event.of("task.started", Map.of("n", 1)).sourceAgent(1L));
        bus.publish(Event.of("task.created", Map.of("n", 1)).sourceAgent(1L).project(5L)); // project is not part of the key
        assertThat(bus.stats().published()).isEqualTo(4);
        assertThat(bus.stats().deduplicated()).isEqualTo(1);

        await().pollDelay(Duration.ofMillis(250)).atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            bus.publish(Event.of("task.created", Map.of("n", 1)).sourceAgent(1L));
            assertThat(bus.stats().published()).isEqualTo(5);
        });
    }

    @Test
    void dedupIsOffByDefault() {
        EventBus bus = bus();
        for (int i = 0; i < 3; i++) {
            bus.publish(Event.of("task.created", Map.of("n", 1)));
        }
        assertThat(bus.stats().published()).isEqualTo(3);
        assertThat(bus.stats().deduplicated()).isZero();
        assertThat(bus.stats().dedupEnabled()).isFalse();
    }

    // check 13
    @Test
    void atMostMaxConcurrentHandlersRunAtOnce() {
        EventBus bus = bus(EventProperties.defaults().withMaxConcurrentHandlers(3));
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            bus.subscribe("agent.*", event -> {
                int now = running.incrementAndGet();
                peak.accumulateAndGet(now, Math::max);
                sleep(50);
                running.decrementAndGet();
            });
        }

        bus.publish(Event.of("agent.started", Map.of()));

        await().atMost(Duration.ofSeconds(5)).until(() -> bus.stats().delivered() == 10);
        assertThat(peak.get()).isEqualTo(3);
    }

    // check 13, second part
    @Test
    void slowHandlersOfOneEventRunConcurrently() throws InterruptedException {
        EventBus bus = bus();
        CountDownLatch done = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            bus.subscribe("task.completed", event -> {
                sleep(100);
                done.countDown();
            });
        }
        long start = System.nanoTime();

        bus.publish(Event.of("task.completed", Map.of()));

        assertThat(System.nanoTime() - start).as("publish does not wait for handlers").isLessThan(TimeUnit.MILLISECONDS.toNanos(50));
        // the latch itself, not a poll: Awaitility's 100 ms poll interval would blur the figure
        assertThat(done.await(2, TimeUnit.SECONDS)).isTrue();
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.MILLISECONDS.toNanos(200));
    }

    // check 14
    @Test
    void sequentialPublishesAreAllDeliveredInOrderWithoutLeakingThreads() {
        EventBus bus = bus();
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        Subscription subscription = bus.subscribe("conversation.message", event -> seen.add((Integer) event.data().get("n")));

        for (int i = 0; i < 200; i++) {
            bus.publish(Event.of("conversation.message", Map.of("n", i)));
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 200);
        assertThat(seen).isEqualTo(IntStream.range(0, 200).boxed().toList());
        assertThat(bus.workers()).isEqualTo(1);
        subscription.close();
        subscription.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> bus.workers() == 0);
        assertThat(bus.stats().subscribers()).isZero();
    }

    // check 14, history
    @Test
    void historyKeepsTheNewestNewestFirst() {
        EventBus bus = bus(EventProperties.defaults().withHistorySize(10));
        for (int i = 1; i <= 20; i++) {
            bus.publish(Event.of(i % 2 == 0 ? "task.created" : "agent.started", Map.of("n", i)));
        }

        List<Event> history = bus.history(null, 100);

        assertThat(history).hasSize(10);
        assertThat(history.getFirst().data().get("n")).isEqualTo(20);
        assertThat(history.get(9).data().get("n")).isEqualTo(11);
        assertThat(bus.history("task.created", 3)).extracting(event -> event.data().get("n")).containsExactly(20, 18, 16);
        assertThat(bus.history("agent", 100)).hasSize(5);
        assertThat(bus.stats().historySize()).isEqualTo(10);
    }

    @Test
    void historyCanBeReadAfterAGivenEvent() {
        EventBus bus = bus(EventProperties.defaults().withHistorySize(5));
        List<Event> events = IntStream.range(0, 8).mapToObj(i -> Event.of("task.created", Map.of("n", i))).toList();
        events.forEach(bus::publish);

        assertThat(bus.historyAfter(events.get(5).id(), event -> true)).containsExactly(events.get(6), events.get(7));
        assertThat(bus.historyAfter(events.get(7).id(), event -> true)).isEmpty();
        assertThat(bus.historyAfter(events.get(0).id(), event -> true)).as("gone from the ring: everything kept")
                .containsExactlyElementsOf(events.subList(3, 8));
    }

    // check 15
    @Test
    void publishingWithoutSubscribersStillRecordsTheEvent() {
        EventBus bus = bus();

        bus.publish(Event.of("system.warning", Map.of("message", "disk")));

        assertThat(bus.stats().published()).isEqualTo(1);
        assertThat(bus.stats().delivered()).isZero();
        assertThat(bus.history(null, 10)).hasSize(1);
        assertThat(bus.stats().publishedByType()).containsEntry("system.warning", 1L);
    }

    @Test
    void patternsMatchAtDotBoundaries() {
        assertThat(EventPattern.of("*").matches("anything.at.all")).isTrue();
        assertThat(EventPattern.of("task.*").matches("task.created")).isTrue();
        assertThat(EventPattern.of("task.*").matches("task.conflict.detected")).isTrue();
        assertThat(EventPattern.of("task").matches("task.created")).isTrue();
        assertThat(EventPattern.of("task").matches("tasks.created")).isFalse();
        assertThat(EventPattern.of("task.created").matches("task.created")).isTrue();
        assertThat(EventPattern.of("task.created").matches("task.started")).isFalse();
        assertThat(EventPattern.of("agent.task").matches("agent.task.completed")).isTrue();
        assertThatThrownBy(() -> EventPattern.of("ta*")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventPattern.of(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eventsCarryTheirContext() {
        Event event = Event.of("agent.created", Map.of("agent_id", 7, "name", "Ada")).sourceAgent(7L).circle(3L).project(4L);

        assertThat(event.id()).hasSize(36);
        assertThat(event.timestamp()).isNotNull();
        assertThat(event.sourceAgentId()).isEqualTo(7L);
        assertThat(event.circleId()).isEqualTo(3L);
        assertThat(event.projectId()).isEqualTo(4L);
        assertThat(event.data()).containsEntry("name", "Ada");
        assertThatThrownBy(() -> event.data().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(Event.of("a.b", null).data()).isEmpty();
        assertThatThrownBy(() -> Event.of("", Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachSubscriberSeesEachPublishersEventsInOrderUnderEightConcurrentPublishers() throws Exception {
        EventBus bus = bus(EventProperties.defaults().withQueueCapacities(1024, 1024).withBlockTimeout(Duration.ofSeconds(10)));
        int publishers = 8;
        int perPublisher = 20_000;
        int subscriberCount = 4;
        List<int[]> lastSeen = new ArrayList<>();
        List<AtomicInteger> outOfOrder = new ArrayList<>();
        List<AtomicInteger> counts = new ArrayList<>();
        for (int s = 0; s < subscriberCount; s++) {
            int[] last = new int[publishers];
            java.util.Arrays.fill(last, -1);
            AtomicInteger disorder = new AtomicInteger();
            AtomicInteger count = new AtomicInteger();
            lastSeen.add(last);
            outOfOrder.add(disorder);
            counts.add(count);
            bus.subscribe("pipeline_node.*", event -> {
                int publisher = (Integer) event.data().get("publisher");
                int sequence = (Integer) event.data().get("sequence");
                if (sequence != last[publisher] + 1) {
                    disorder.incrementAndGet();
                }
                last[publisher] = sequence;
                count.incrementAndGet();
            });
        }
        CyclicBarrier start = new CyclicBarrier(publishers);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            int publisher = p;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < perPublisher; i++) {
                    bus.publish(Event.of("pipeline_node.completed", Map.of("publisher", publisher, "sequence", i)));
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> counts.stream().allMatch(c -> c.get() == publishers * perPublisher));
        assertThat(outOfOrder).allSatisfy(disorder -> assertThat(disorder.get()).isZero());
        assertThat(bus.stats().dropped()).isZero();
        assertThat(bus.stats().delivered()).isEqualTo((long) publishers * perPublisher * subscriberCount);
    }

    @Test
    void aSleepingSubscriberDoesNotDelayTheOthers() {
        EventBus bus = bus();
        CountDownLatch release = new CountDownLatch(1);
        bus.subscribe("goal.*", event -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ConcurrentLinkedQueue<Long> fastArrivals = new ConcurrentLinkedQueue<>();
        bus.subscribe("goal.*", event -> fastArrivals.add(System.nanoTime()));
        long start = System.nanoTime();

        for (int i = 0; i < 100; i++) {
            bus.publish(Event.of("goal.progress", Map.of("n", i)));
        }

        await().atMost(Duration.ofSeconds(2)).until(() -> fastArrivals.size() == 100);
        assertThat(fastArrivals).allSatisfy(at -> assertThat(at - start).isLessThan(TimeUnit.MILLISECONDS.toNanos(1000)));
        release.countDown();
        await().atMost(Duration.ofSeconds(2)).until(() -> bus.stats().delivered() == 200);
    }

    @Test
    void aBlockingSubscriberThatStallsCostsAPublisherOneTimeoutThenDropsAtOnce() {
        EventBus bus = bus(EventProperties.defaults().withBlockTimeout(Duration.ofMillis(100)));
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger handled = new AtomicInteger();
        Subscription stalled = bus.subscribe("schedule", event -> event.type().startsWith("scheduled_action."),
                event -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    handled.incrementAndGet();
                }, OverflowPolicy.BLOCK, 4);
        long start = System.nanoTime();

        for (int i = 0; i < 1000; i++) {
            bus.publish(Event.of("scheduled_action.triggered", Map.of("n", i)));
        }

        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(elapsedMillis).as("one wait of 100 ms, not one per event").isLessThan(900);
        assertThat(stalled.dropped()).as("at most one batch and one queue were accepted").isGreaterThanOrEqualTo(1000 - 1 - 127 - 4);
        assertThat(bus.stats().dropped()).isEqualTo(stalled.dropped());
        release.countDown();
        await().atMost(Duration.ofSeconds(2)).until(() -> handled.get() + stalled.dropped() == 1000);
        bus.publish(Event.of("scheduled_action.triggered", Map.of("n", "after")));
        await().atMost(Duration.ofSeconds(2)).until(() -> handled.get() + stalled.dropped() == 1001);
    }

    /**
     * 10 M events with a subscriber that never returns: its queue (1 000) and the history (1 000) are bounded, every
     * overflow is counted, and the heap does not grow with the number of events.
     */
    @Test
    void tenMillionEventsWithAStalledSubscriberKeepTheHeapFlat() throws Exception {
        EventBus bus = bus();
        CountDownLatch release = new CountDownLatch(1);
        Subscription stalled = bus.subscribe("stream", event -> true, event -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, OverflowPolicy.DROP_OLDEST, 1000);
        AtomicInteger fast = new AtomicInteger();
        bus.subscribe("fast", event -> true, event -> fast.incrementAndGet(), OverflowPolicy.DROP_OLDEST, 1000);
        int events = 10_000_000;
        Map<String, Object> data = Map.of("n", 1);
        for (int i = 0; i < 100_000; i++) {
            bus.publish(new Event(null, "memory.recalled", null, 1L, null, null, data));
        }
        long before = usedHeapAfterGc();

        for (int i = 100_000; i < events; i++) {
            bus.publish(new Event(null, "memory.recalled", null, 1L, null, null, data));
        }

        long after = usedHeapAfterGc();
        long growth = after - before;
        System.out.printf("10M events, stalled subscriber: heap %d KiB -> %d KiB (%+d KiB), dropped %d%n",
                before / 1024, after / 1024, growth / 1024, stalled.dropped());
        assertThat(growth).as("heap growth over 9.9 M events").isLessThan(8L * 1024 * 1024);
        assertThat(stalled.dropped()).isGreaterThanOrEqualTo(events - 1000 - 128 - 1);
        assertThat(bus.stats().published()).isEqualTo(events);
        assertThat(bus.stats().historySize()).isEqualTo(1000);
        release.countDown();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        var memory = java.lang.management.ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
