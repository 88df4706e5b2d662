package dev.gathering.health;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The first step of a graceful shutdown. Stopped before anything else (highest phase): it turns readiness to
 * 503 {@code shutting_down} and keeps serving for {@code gathering.shutdown.drain} so that load balancers stop
 * routing here. Then Spring's graceful web shutdown lets in-flight requests finish, background work (lower
 * lifecycle phases) stops, and the connection pool closes when the context is destroyed.
 */
@Component
class Readiness implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Readiness.class);

    private final ApplicationEventPublisher events;
    private final Duration drain;
    private final AtomicBoolean shuttingDown = new AtomicBoolean();
    private volatile boolean running;

    Readiness(ApplicationEventPublisher events, @Value("${gathering.shutdown.drain:2s}") Duration drain) {
        this.events = events;
        this.drain = drain;
    }

    boolean shuttingDown() {
        return shuttingDown.get();
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        if (shuttingDown.compareAndSet(false, true)) {
            AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
            log.info("Shutting down: readiness is now 503; draining for {} ms before closing", drain.toMillis());
            try {
                Thread.sleep(drain);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
