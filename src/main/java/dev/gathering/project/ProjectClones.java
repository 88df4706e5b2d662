package dev.gathering.project;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gathering.platform.cache.Caches;
import dev.gathering.platform.events.Event;
import dev.gathering.platform.events.EventBus;
import dev.gathering.platform.security.Access;
import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.web.ApiException;
import dev.gathering.workspace.ProjectDirectory;
import dev.gathering.workspace.WorkspaceService;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Clones in the background: {@code POST /projects} with a {@code repository_url} answers 202 with a clone id at once;
 * JGit clones into the workspace root, reporting {@code project.clone.progress}; then the project is registered
 * ({@code project.created}), or, on any failure, the folder is removed and {@code project.clone.failed} says why, so a
 * failed clone leaves no project and no folder. At most {@link #CONCURRENT} clones run at once (503 beyond); their
 * state is kept for an hour on the instance that runs them ({@code GET /projects/clones/{clone_id}}). A clone running
 * at shutdown is interrupted and discarded.
 */
@Component
class ProjectClones {

    static final int CONCURRENT = 4;
    private static final Logger log = LoggerFactory.getLogger(ProjectClones.class);

    /** A clone's state: cloning, then completed (with {@code project_id}) or failed (with {@code error}). */
    record CloneJob(String cloneId, String status, String name, String repositoryUrl, String branch, String path,
                    String task, int percent, Long projectId, String error, Instant startedAt, Instant finishedAt) {

        CloneJob progress(String newTask, int newPercent) {
            return new CloneJob(cloneId, status, name, repositoryUrl, branch, path, newTask, newPercent, projectId, error,
                    startedAt, finishedAt);
        }

        CloneJob done(long id) {
            return new CloneJob(cloneId, "completed", name, repositoryUrl, branch, path, task, 100, id, null, startedAt,
                    Instant.now());
        }

        CloneJob failed(String reason) {
            return new CloneJob(cloneId, "failed", name, repositoryUrl, branch, path, task, percent, null, reason,
                    startedAt, Instant.now());
        }
    }

    private final WorkspaceService workspace;
    private final ProjectService projects;
    private final EventBus events;
    private final Cache<String, CloneJob> jobs;
    private final Set<Path> targets = ConcurrentHashMap.newKeySet();
    private final Semaphore slots = new Semaphore(CONCURRENT);
    private final ExecutorService runner = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("clone-", 0).factory());

    ProjectClones(WorkspaceService workspace, ProjectService projects, EventBus events, Caches caches) {
        this.workspace = workspace;
        this.projects = projects;
        this.events = events;
        this.jobs = caches.build("project-clones", Caffeine.newBuilder().maximumSize(1000).expireAfterWrite(Duration.ofHours(1)));
    }

    /** Checks what can be checked at once (URL, target folder, capacity), then clones in the background. */
    CloneJob start(AuthenticatedUser user, ProjectService.Registration registration) {
        Access.requireWriter(user);
        String url = registration.repositoryUrl().strip();
        workspace.checkRemoteUrl(url);
        Path target = workspace.cloneTarget(registration.name());
        if (!targets.add(target)) {
            throw ApiException.conflict("A clone into " + target + " is already running");
        }
        if (!slots.tryAcquire()) {
            targets.remove(target);
            throw ApiException.serviceUnavailable(CONCURRENT + " clones are already running; try again shortly", Duration.ofSeconds(10));
        }
        CloneJob job = new CloneJob(UUID.randomUUID().toString(), "cloning", registration.name().strip(),
                WorkspaceService.withoutCredentials(url),
                ProjectService.blankToNull(registration.branch()), target.toString(), "starting", 0, null, null,
                Instant.now(), null);
        jobs.put(job.cloneId(), job);
        events.publish(Event.of("project.clone.started", data(job)));
        ProjectDirectory.GitCredentials credentials = registration.gitToken() == null || registration.gitToken().isBlank()
                ? null : new ProjectDirectory.GitCredentials(registration.gitUsername(), registration.gitToken());
        try {
            runner.submit(() -> run(job, url, user.id(), target, registration, credentials));
        } catch (RuntimeException e) {
            targets.remove(target);
            slots.release();
            throw ApiException.serviceUnavailable("The server is shutting down", Duration.ofSeconds(10));
        }
        return job;
    }

    CloneJob get(String cloneId) {
        CloneJob job = jobs.getIfPresent(cloneId);
        if (job == null) {
            throw ApiException.notFound("Clone " + cloneId + " not found (clones are kept for an hour on the instance that ran them)");
        }
        return job;
    }

    private void run(CloneJob job, String url, String ownerId, Path target, ProjectService.Registration registration,
                     ProjectDirectory.GitCredentials credentials) {
        boolean cloned = false;
        try {
            workspace.cloneInto(url, job.branch(), target, credentials, step -> {
                CloneJob current = jobs.asMap().computeIfPresent(job.cloneId(), (id, known) -> known.progress(step.task(), step.percent()));
                if (current != null) {
                    events.publish(Event.of("project.clone.progress", data(current)));
                }
            });
            cloned = true;
            Project project = projects.insert(ownerId, target.toRealPath(), registration);
            CloneJob done = job.done(project.id());
            jobs.put(job.cloneId(), done);
            events.publish(Event.of("project.clone.completed", data(done)).project(project.id()));
        } catch (Exception e) {
            if (cloned) {
                workspace.discardClone(target);
            }
            String reason = e instanceof ApiException ? e.getMessage() : "Clone failed: " + e;
            if (!(e instanceof ApiException)) {
                log.warn("Cloning {} failed", job.repositoryUrl(), e);
            }
            CloneJob failed = jobs.asMap().getOrDefault(job.cloneId(), job).failed(reason);
            jobs.put(job.cloneId(), failed);
            events.publish(Event.of("project.clone.failed", data(failed)));
        } finally {
            targets.remove(target);
            slots.release();
        }
    }

    private static Map<String, Object> data(CloneJob job) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("clone_id", job.cloneId());
        data.put("status", job.status());
        data.put("name", job.name());
        data.put("repository_url", job.repositoryUrl());
        data.put("path", job.path());
        data.put("task", job.task());
        data.put("percent", job.percent());
        data.put("project_id", job.projectId());
        data.put("error", job.error());
        return data;
    }

    @PreDestroy
    void stop() {
        runner.shutdownNow();
    }
}
