package dev.gathering.platform.events;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/** The newest events, in a fixed ring: what {@code /events/history} answers and what SSE clients resume from. */
final class EventHistory {

    private final Event[] ring;
    private final ReentrantLock lock = new ReentrantLock();
    private int next;
    private int size;

    EventHistory(int capacity) {
        this.ring = new Event[capacity];
    }

    void add(Event event) {
        if (ring.length == 0) {
            return;
        }
        lock.lock();
        try {
            ring[next] = event;
            next = (next + 1) % ring.length;
            if (size < ring.length) {
                size++;
            }
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    int capacity() {
        return ring.length;
    }

    /** Up to {@code limit} events accepted by {@code filter}, newest first. */
    List<Event> newest(Predicate<Event> filter, int limit) {
        List<Event> events = new ArrayList<>(Math.min(Math.max(limit, 0), ring.length));
        lock.lock();
        try {
            for (int i = 1; i <= size && events.size() < limit; i++) {
                Event event = ring[Math.floorMod(next - i, ring.length)];
                if (filter.test(event)) {
                    events.add(event);
                }
            }
        } finally {
            lock.unlock();
        }
        return events;
    }

    /**
     * The events accepted by {@code filter} that came after the one with id {@code lastId}, oldest first; all of them
     * when that event is no longer (or was never) in the ring.
     */
    List<Event> after(String lastId, Predicate<Event> filter) {
        List<Event> chronological = new ArrayList<>();
        lock.lock();
        try {
            int start = 0;
            for (int i = 0; i < size; i++) {
                if (ring[Math.floorMod(next - size + i, ring.length)].id().equals(lastId)) {
                    start = i + 1;
                }
            }
            for (int i = start; i < size; i++) {
                Event event = ring[Math.floorMod(next - size + i, ring.length)];
                if (filter.test(event)) {
                    chronological.add(event);
                }
            }
        } finally {
            lock.unlock();
        }
        return chronological;
    }
}
