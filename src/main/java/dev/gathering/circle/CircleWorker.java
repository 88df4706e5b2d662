package dev.gathering.circle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.gathering.agent.ChatService;
import dev.gathering.platform.events.EventBus;
import dev.gathering.platform.events.Subscription;
import dev.gathering.platform.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Lets agents do the work of running, auto-routed circles. It takes a lease on each step it starts (an offered
 * task, a task sent back for changes, a review), runs it through the agent's model with the chat machinery, and
 * applies the outcome through {@link TaskService} like a human would. Leases live in the database: several
 * instances share the work without doing a step twice, at most {@code max_concurrent_tasks} steps of a circle run
 * at once, and a step whose worker died is taken up again once its lease lapses (at once after a clean shutdown,
 * which gives leases back). Events wake it; it also polls.
 */
@Component
class CircleWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CircleWorker.class);

    private record Running(long circleId, Future<?> step) {
    }

    private final TaskRepository tasks;
    private final TaskService taskService;
    private final CircleService circles;
    private final ChatService chats;
    private final EventBus events;
    private final TransactionTemplate transaction;
    private final CircleProperties properties;
    private final WorkSignal signal = new WorkSignal();
    private final String owner = "worker-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<Long, Running> running = new ConcurrentHashMap<>();
    /** Steps being cancelled by a stop: whatever they throw then is not the task's failure. */
    private final java.util.Set<Long> cancelling = ConcurrentHashMap.newKeySet();
    private final ExecutorService steps = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("circle-step-", 0).factory());
    private volatile boolean active;
    private Thread loop;
    private Subscription subscription;

    CircleWorker(TaskRepository tasks, TaskService taskService, CircleService circles, ChatService chats, EventBus events,
                 TransactionTemplate transaction, CircleProperties properties) {
        this.tasks = tasks;
        this.taskService = taskService;
        this.circles = circles;
        this.chats = chats;
        this.events = events;
        this.transaction = transaction;
        this.properties = properties;
    }

    @Override
    public void start() {
        if (!properties.workerEnabled()) {
            log.info("Circle worker disabled on this instance (gathering.circles.worker-enabled=false)");
            return;
        }
        active = true;
        subscription = events.subscribe("*", event -> {
            if (event.type().startsWith("task.") || event.type().startsWith("review.")
                    || event.type().equals("mention.received") || event.type().equals("circle.started")) {
                signal.wake();
            }
        });
        loop = Thread.ofVirtual().name("circle-worker").start(this::loop);
    }

    private void loop() {
        long lastRenewal = System.nanoTime();
        while (active) {
            try {
                dispatch();
                if (System.nanoTime() - lastRenewal > properties.lease().toNanos() / 3) {
                    running.keySet().forEach(taskId -> tasks.extendLease(taskId, owner, properties.lease()));
                    lastRenewal = System.nanoTime();
                }
                signal.await(properties.pollInterval());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Circle worker pass failed; retrying: {}", e.toString());
                try {
                    signal.await(properties.pollInterval());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void dispatch() {
        for (TaskRepository.WorkItem item : tasks.availableWork(50)) {
            if (!active || running.containsKey(item.taskId())) {
                continue;
            }
            Optional<CircleTask> leased = transaction.execute(status ->
                    tasks.lease(item.taskId(), item.circleId(), owner, properties.lease()));
            if (leased == null || leased.isEmpty()) {
                continue;
            }
            CircleTask task = leased.get();
            Optional<Circle> circle = circles.find(task.circleId());
            if (circle.isEmpty()) {
                tasks.releaseLease(task.id(), owner, Duration.ZERO);
                continue;
            }
            if (item.status().equals("pending")) {
                taskService.claimed(circle.get(), task);
            }
            running.put(task.id(), new Running(task.circleId(), steps.submit(() -> step(circle.get(), task))));
        }
    }

    private void step(Circle circle, CircleTask task) {
        try {
            if (task.status().equals("review")) {
                review(circle, task);
            } else {
                work(circle, task);
            }
        } catch (RuntimeException e) {
            if (cancelling.contains(task.id()) || e instanceof java.util.concurrent.CancellationException) {
                log.info("Task {} step cancelled; it will resume when its circle runs again", task.id());
                Thread.interrupted(); // the database calls below must not see the cancellation's interrupt
                tasks.releaseLease(task.id(), owner, Duration.ZERO);
            } else if (e instanceof ApiException api) {
                handleFailure(circle, task, api);
            } else {
                log.error("Circle '{}' task {} step failed", circle.name(), task.id(), e);
                taskService.fail(circle, task.id(), "Internal error: " + e.getClass().getSimpleName());
            }
        } finally {
            running.remove(task.id());
            cancelling.remove(task.id());
            signal.wake();
        }
    }

    private void work(Circle circle, CircleTask task) {
        ChatService.ChatResult result = chats.work(task.assignedAgentId(), workPrompt(circle, task), circle.ownerId());
        if (Thread.currentThread().isInterrupted()) {
            throw new java.util.concurrent.CancellationException();
        }
        try {
            taskService.submit(circle, task.id(), result.content(), List.of());
        } catch (ApiException e) {
            if (e.status() != HttpStatus.CONFLICT) {
                throw e;
            }
            log.info("Task {} changed while agent {} worked on it ({}); its result is dropped", task.id(),
                    task.assignedAgentId(), e.getMessage());
        }
    }

    private void review(Circle circle, CircleTask task) {
        ChatService.ChatResult answer = chats.work(task.reviewerId(), reviewPrompt(circle, task), circle.ownerId());
        Optional<TaskService.Review> review = ReviewParser.parse(answer.content());
        if (review.isEmpty()) {
            int attempts = tasks.countReviewAttempt(task.id());
            if (attempts >= 2) {
                taskService.escalateUnusableReview(circle, task, "Review by agent " + task.reviewerId()
                        + " could not be read twice; a human must review task " + task.id());
                return;
            }
            tasks.releaseLease(task.id(), owner, Duration.ZERO);
            return;
        }
        try {
            taskService.review(circle, task.id(), task.reviewerId(), review.get());
        } catch (ApiException e) {
            if (e.status() != HttpStatus.CONFLICT) {
                throw e;
            }
            log.info("Task {} changed while agent {} reviewed it ({})", task.id(), task.reviewerId(), e.getMessage());
        }
    }

    /** Busy agent, overloaded provider: later. Anything else the agent cannot overcome: the task fails. */
    private void handleFailure(Circle circle, CircleTask task, ApiException error) {
        if (error.status() == HttpStatus.CONFLICT || error.status() == HttpStatus.SERVICE_UNAVAILABLE
                || error.status() == HttpStatus.TOO_MANY_REQUESTS) {
            log.info("Task {} step postponed: {}", task.id(), error.getMessage());
            tasks.releaseLease(task.id(), owner, properties.retryDelay());
            return;
        }
        log.warn("Task {} failed: {}", task.id(), error.getMessage());
        taskService.fail(circle, task.id(), error.getMessage());
    }

    /** Stops a circle: no new step starts; running ones get {@code stop-timeout} to finish, then are cancelled. */
    boolean stop(String name) {
        Optional<Circle> stopping = circles.beginStop(name);
        if (stopping.isEmpty()) {
            return false;
        }
        Circle circle = stopping.get();
        drain(running.entrySet().stream().filter(entry -> entry.getValue().circleId() == circle.id())
                .map(Map.Entry::getKey).toList());
        circles.finishStop(circle);
        return true;
    }

    private void drain(List<Long> taskIds) {
        long deadline = System.nanoTime() + properties.stopTimeout().toNanos();
        for (long taskId : taskIds) {
            Running step = running.get(taskId);
            if (step == null) {
                continue;
            }
            try {
                step.step().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                log.info("Cancelling task {} after the stop timeout", taskId);
                cancelling.add(taskId);
                step.step().cancel(true);
                tasks.releaseLease(taskId, owner, Duration.ZERO);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
                // the step reported its own failure
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void stop() {
        if (!active) {
            return;
        }
        active = false;
        signal.wake();
        if (subscription != null) {
            subscription.close();
        }
        drain(new ArrayList<>(running.keySet()));
        steps.shutdownNow();
        tasks.releaseLeases(owner);
        if (loop != null) {
            loop.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return active;
    }

    /** After the web server (which stops first, letting requests finish), before the pool closes. */
    @Override
    public int getPhase() {
        return 0;
    }

    static String workPrompt(Circle circle, CircleTask task) {
        StringBuilder prompt = new StringBuilder()
                .append("You are working on task #").append(task.id()).append(" of the circle \"").append(circle.name())
                .append("\".\nTitle: ").append(task.title()).append('\n');
        if (!task.description().isBlank()) {
            prompt.append("Description:\n").append(task.description()).append('\n');
        }
        if (!task.requiredCompetencies().isEmpty()) {
            prompt.append("Required competencies: ").append(String.join(", ", task.requiredCompetencies())).append('\n');
        }
        prompt.append("Priority: ").append(task.priority()).append(" (1 is the most urgent)\n");
        if (task.iteration() > 1) {
            prompt.append("\nThis is iteration ").append(task.iteration()).append(". The reviewer asked for changes:\n")
                    .append(task.reviewComments() == null ? "" : task.reviewComments()).append('\n');
            if (task.result() != null) {
                prompt.append("Your previous result was:\n").append(task.result()).append('\n');
            }
        }
        prompt.append("\nDo the task and answer with the result itself, complete and ready for review.");
        return prompt.toString();
    }

    static String reviewPrompt(Circle circle, CircleTask task) {
        StringBuilder prompt = new StringBuilder()
                .append("Review the work submitted for task #").append(task.id()).append(" of the circle \"")
                .append(circle.name()).append("\".\nTitle: ").append(task.title()).append('\n');
        if (!task.description().isBlank()) {
            prompt.append("Description:\n").append(task.description()).append('\n');
        }
        prompt.append("Iteration: ").append(task.iteration()).append("\nSubmitted result:\n")
                .append(task.result() == null ? "" : task.result()).append("\n\n");
        if (task.reviewAttempts() > 0) {
            prompt.append("Your previous review could not be read. Follow the format exactly.\n");
        }
        prompt.append("Approve work that does the task; request changes when it can be fixed; reject it when it is "
                + "wrong in a way that needs a human.\n").append(ReviewParser.FORMAT);
        return prompt.toString();
    }
}
