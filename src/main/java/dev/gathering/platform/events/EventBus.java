package dev.gathering.platform.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gathering.platform.cache.Caches;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The one event bus of the server. Every feature publishes here; internal handlers, WebSocket and SSE clients and the
 * relay to the other instances all receive from here.
 *
 * <ul>
 * <li>{@link #publish} never runs a handler: it checks the dedup window, appends to the history ring, and puts the
 *     event in the bounded queue of each matching subscriber (see {@link OverflowPolicy} for a full queue).</li>
 * <li>Each subscriber has one virtual thread that takes its queue in order, so a subscriber sees events in the order
 *     they were published (by any one publishing thread), and a slow subscriber delays only itself.</li>
 * <li>A subscriber's thread holds one of {@code max_concurrent_handlers} permits while it runs handlers: that is the
 *     bound on concurrent handlers. Threads are one per subscription, never one per event. Stream connections
 *     ({@link #subscribeStream}) take no permit: their handler only writes to a socket, and a client on a slow network
 *     must not hold a permit that the features' handlers need; they are bounded by the number of connections.</li>
 * <li>A handler that throws is counted in {@code handler_errors} and logged (at most once per 10 s per subscriber).</li>
 * </ul>
 */
@Component
public class EventBus implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(EventBus.class);
    /** Events a subscriber thread takes from its queue at once, under one permit. */
    private static final int BATCH = 128;
    /** Distinct types counted separately; more are counted under "other" (types come from code, this is a safeguard). */
    static final int MAX_COUNTED_TYPES = 500;
    private static final Event POISON = new Event("poison", "events.internal.poison", java.time.Instant.EPOCH, null, null, null, null);
    private static final Duration ERROR_LOG_INTERVAL = Duration.ofSeconds(10);

    private final EventProperties properties;
    private final MeterRegistry meters;
    private final Semaphore permits;
    private final CopyOnWriteArrayList<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final EventHistory history;
    private final Cache<DedupKey, Boolean> recent;
    private final LongAdder published = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder deduplicated = new LongAdder();
    private final LongAdder handlerErrors = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final ConcurrentHashMap<String, Counter> byType = new ConcurrentHashMap<>();
    private final AtomicLong subscriberIds = new AtomicLong();
    private final AtomicInteger workers = new AtomicInteger();
    private volatile Consumer<Event> relay = event -> { };

    private record DedupKey(String type, Long sourceAgentId, Long circleId, Map<String, Object> data) {
    }

    public EventBus(EventProperties properties, MeterRegistry meters, Caches caches) {
        this.properties = properties;
        this.meters = meters;
        this.permits = new Semaphore(properties.maxConcurrentHandlers());
        this.history = new EventHistory(properties.historySize());
        this.recent = properties.dedup()
                ? caches.build("events.dedup", Caffeine.newBuilder()
                        .expireAfterWrite(properties.dedupWindow())
                        .maximumSize(properties.dedupMaxEntries()))
                : null;
        FunctionCounter.builder("gathering.events.published", published, LongAdder::sum)
                .description("Events published on this instance").register(meters);
        FunctionCounter.builder("gathering.events.received", received, LongAdder::sum)
                .description("Events received from other instances").register(meters);
        FunctionCounter.builder("gathering.events.delivered", delivered, LongAdder::sum)
                .description("Handler invocations").register(meters);
        FunctionCounter.builder("gathering.events.deduplicated", deduplicated, LongAdder::sum)
                .description("Events dropped as duplicates within the dedup window").register(meters);
        FunctionCounter.builder("gathering.events.handler.errors", handlerErrors, LongAdder::sum)
                .description("Handler invocations that threw").register(meters);
        FunctionCounter.builder("gathering.events.dropped", dropped, LongAdder::sum)
                .description("Deliveries lost to a full subscriber queue").register(meters);
        Gauge.builder("gathering.events.subscribers", subscribers, List::size)
                .description("Open subscriptions").register(meters);
        Gauge.builder("gathering.events.queued", this, EventBus::queued)
                .description("Events waiting in subscriber queues").register(meters);
        Gauge.builder("gathering.events.handlers.running", this, bus -> bus.runningHandlers())
                .description("Handlers running now").register(meters);
        Gauge.builder("gathering.events.history.size", history, EventHistory::size)
                .description("Events in the history ring").register(meters);
        log.info("Event bus: {} concurrent handlers, history {}, dedup {}", properties.maxConcurrentHandlers(),
                properties.historySize(), properties.dedup() ? "within " + properties.dedupWindow().toMillis() + " ms" : "off");
    }

    // ---------------------------------------------------------------------------------------------------- publishing

    /**
     * Publishes an event to every matching subscriber here and, through the relay, on the other instances. Returns
     * without running any handler; it can only wait (at most {@code block-timeout}) on a full queue of a
     * {@link OverflowPolicy#BLOCK} subscriber.
     */
    public void publish(Event event) {
        Objects.requireNonNull(event, "event");
        if (recent != null
                && recent.asMap().putIfAbsent(new DedupKey(event.type(), event.sourceAgentId(), event.circleId(), event.data()),
                Boolean.TRUE) != null) {
            deduplicated.increment();
            return;
        }
        published.increment();
        countType(event.type());
        dispatch(event);
        relay.accept(event);
    }

    /** An event published on another instance: delivered here like a local one, never relayed again. */
    void publishFromPeer(Event event) {
        received.increment();
        dispatch(event);
    }

    /** Where locally published events go to reach the other instances (the relay registers itself here). */
    void relayTo(Consumer<Event> outbound) {
        this.relay = Objects.requireNonNull(outbound);
    }

    private void dispatch(Event event) {
        history.add(event);
        for (Subscriber subscriber : subscribers) {
            boolean wanted;
            try {
                wanted = subscriber.filter.test(event);
            } catch (RuntimeException e) {
                subscriber.failed(event, e);
                continue;
            }
            if (wanted) {
                subscriber.offer(event);
            }
        }
    }

    private void countType(String type) {
        Counter counter = byType.get(type);
        if (counter == null) {
            String name = byType.size() < MAX_COUNTED_TYPES ? type : "other";
            counter = byType.computeIfAbsent(name, key -> Counter.builder("gathering.events.published.by.type")
                    .description("Events published on this instance, by type").tag("type", key).register(meters));
        }
        counter.increment();
    }

    // --------------------------------------------------------------------------------------------------- subscribing

    /** Subscribes an internal handler (policy {@link OverflowPolicy#BLOCK}) to the types matching {@code pattern}. */
    public Subscription subscribe(String pattern, Consumer<Event> handler) {
        return subscribe(pattern, handler, OverflowPolicy.BLOCK);
    }

    /** Subscribes to the types matching {@code pattern} ({@link EventPattern}) with the given overflow policy. */
    public Subscription subscribe(String pattern, Consumer<Event> handler, OverflowPolicy policy) {
        EventPattern types = EventPattern.of(pattern);
        return subscribe(pattern, event -> types.matches(event.type()), handler, policy, 0);
    }

    /**
     * The general form: any filter on the whole event, a name for logs, a policy, and a queue bound ({@code 0} for the
     * configured one: {@code queue-capacity} for BLOCK, {@code stream-queue-capacity} for DROP_OLDEST). The filter
     * runs on the publisher's thread: it must be quick and must not block.
     */
    public Subscription subscribe(String name, Predicate<Event> filter, Consumer<Event> handler, OverflowPolicy policy,
                                  int queueCapacity) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(policy, "policy");
        int capacity = queueCapacity > 0 ? queueCapacity
                : policy == OverflowPolicy.BLOCK ? properties.queueCapacity() : properties.streamQueueCapacity();
        return add(new Subscriber(subscriberIds.incrementAndGet(), name, filter, handler, policy, capacity, true));
    }

    /** A stream connection (WebSocket, SSE): {@link OverflowPolicy#DROP_OLDEST}, {@code stream-queue-capacity}, no permit. */
    Subscription subscribeStream(String name, Predicate<Event> filter, Consumer<Event> handler) {
        return add(new Subscriber(subscriberIds.incrementAndGet(), name, filter, handler, OverflowPolicy.DROP_OLDEST,
                properties.streamQueueCapacity(), false));
    }

    private Subscription add(Subscriber subscriber) {
        subscribers.add(subscriber);
        subscriber.start();
        return subscriber;
    }

    // ------------------------------------------------------------------------------------------------------- reading

    /** Up to {@code limit} of the newest events whose type matches {@code type} (an {@link EventPattern}; null: all), newest first. */
    public List<Event> history(String type, int limit) {
        if (type == null || type.isBlank()) {
            return history.newest(event -> true, limit);
        }
        EventPattern pattern = EventPattern.of(type);
        return history.newest(event -> pattern.matches(event.type()), limit);
    }

    /** The newest {@code limit} events of the history accepted by {@code filter}, newest first. */
    public List<Event> historyNewest(Predicate<Event> filter, int limit) {
        return history.newest(filter, limit);
    }

    /** The events after the one with id {@code lastId} accepted by {@code filter}, oldest first (all if it is gone). */
    public List<Event> historyAfter(String lastId, Predicate<Event> filter) {
        return history.after(lastId, filter);
    }

    public EventBusStats stats() {
        Map<String, Long> types = new TreeMap<>();
        byType.forEach((type, counter) -> types.put(type, (long) counter.count()));
        return new EventBusStats(published.sum(), received.sum(), delivered.sum(), deduplicated.sum(), handlerErrors.sum(),
                dropped.sum(), subscribers.size(), queued(), runningHandlers(), properties.maxConcurrentHandlers(),
                history.size(), history.capacity(), recent != null, types);
    }

    /** Subscriber threads alive (one per open subscription; also after close until the thread has ended). */
    int workers() {
        return workers.get();
    }

    private long queued() {
        long total = 0;
        for (Subscriber subscriber : subscribers) {
            total += subscriber.queue.size();
        }
        return total;
    }

    private int runningHandlers() {
        return properties.maxConcurrentHandlers() - permits.availablePermits();
    }

    /** At shutdown: lets queued events drain for up to a second, then closes every subscription. */
    @Override
    public void destroy() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (queued() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        new ArrayList<>(subscribers).forEach(Subscriber::close);
    }

    // ---------------------------------------------------------------------------------------------------- subscriber

    private final class Subscriber implements Subscription, Runnable {

        final long id;
        final String name;
        final Predicate<Event> filter;
        final Consumer<Event> handler;
        final OverflowPolicy policy;
        final int capacity;
        final boolean takesPermit;
        final ArrayBlockingQueue<Event> queue;
        final AtomicBoolean closed = new AtomicBoolean();
        final LongAdder lost = new LongAdder();
        volatile boolean stalled;
        long lastErrorLog;
        long errorsSinceLog;

        Subscriber(long id, String name, Predicate<Event> filter, Consumer<Event> handler, OverflowPolicy policy, int capacity,
                   boolean takesPermit) {
            this.id = id;
            this.takesPermit = takesPermit;
            this.name = name;
            this.filter = filter;
            this.handler = handler;
            this.policy = policy;
            this.capacity = capacity;
            this.queue = new ArrayBlockingQueue<>(capacity);
        }

        void start() {
            workers.incrementAndGet();
            Thread.ofVirtual().name("event-subscriber-" + id).start(this);
        }

        void offer(Event event) {
            if (closed.get() || queue.offer(event)) {
                return;
            }
            if (policy == OverflowPolicy.DROP_OLDEST) {
                do {
                    if (queue.poll() != null) {
                        drop();
                    }
                } while (!queue.offer(event));
                return;
            }
            if (!stalled) {
                try {
                    if (queue.offer(event, properties.blockTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (!closed.get()) {
                    stalled = true;
                    log.warn("Event subscriber '{}' did not keep up (queue of {} full for {} ms): dropping its events "
                            + "until it has caught up", name, capacity, properties.blockTimeout().toMillis());
                }
            }
            drop();
        }

        private void drop() {
            lost.increment();
            dropped.increment();
        }

        @Override
        public void run() {
            List<Event> batch = new ArrayList<>(BATCH);
            try {
                while (!closed.get()) {
                    Event first;
                    try {
                        first = queue.take();
                    } catch (InterruptedException e) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                    if (!runBatch(batch)) {
                        return;
                    }
                    batch.clear();
                    if (stalled && queue.size() <= capacity / 2) {
                        stalled = false;
                        log.info("Event subscriber '{}' caught up; {} events dropped so far", name, lost.sum());
                    }
                }
            } finally {
                workers.decrementAndGet();
            }
        }

        /** Runs the handler on each event of the batch under one permit; false when the subscription has ended. */
        private boolean runBatch(List<Event> batch) {
            if (takesPermit) {
                permits.acquireUninterruptibly();
            }
            int invoked = 0;
            try {
                for (Event event : batch) {
                    if (event == POISON || closed.get()) {
                        return false;
                    }
                    invoked++;
                    try {
                        handler.accept(event);
                    } catch (Throwable e) {
                        if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
                            throw e;
                        }
                        failed(event, e);
                    }
                    Thread.interrupted(); // a handler's leftover interrupt must not end this subscription
                }
                return true;
            } finally {
                delivered.add(invoked);
                if (takesPermit) {
                    permits.release();
                }
            }
        }

        void failed(Event event, Throwable error) {
            handlerErrors.increment();
            synchronized (this) {
                errorsSinceLog++;
                long now = System.nanoTime();
                if (lastErrorLog != 0 && now - lastErrorLog < ERROR_LOG_INTERVAL.toNanos()) {
                    return;
                }
                lastErrorLog = now;
                log.warn("Event handler '{}' failed on {} {} ({} failure(s) since the last report)", name, event.type(),
                        event.id(), errorsSinceLog, error);
                errorsSinceLog = 0;
            }
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            subscribers.remove(this);
            // wake the thread; the events still queued are discarded with the subscription
            while (!queue.offer(POISON)) {
                queue.poll();
            }
        }

        @Override
        public long dropped() {
            return lost.sum();
        }

        @Override
        public String toString() {
            return "Subscription[" + name + ", " + policy + ", queued " + queue.size() + "/" + capacity + "]";
        }
    }
}
