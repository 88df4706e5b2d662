package dev.gathering.circle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.gathering.agent.Agent;
import dev.gathering.agent.AgentService;
import dev.gathering.platform.events.Event;
import dev.gathering.platform.events.EventBus;
import dev.gathering.platform.security.Access;
import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.web.ApiException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Circles, their members, files and conflicts. Tasks are {@link TaskService}'s. */
@Service
public class CircleService {

    public record FileClaim(String path, long agentId, boolean claimed, long holderAgentId, Conflict conflict) {
    }

    private final CircleRepository circles;
    private final AgentService agents;
    private final EventBus events;
    private final TransactionTemplate transaction;

    CircleService(CircleRepository circles, AgentService agents, EventBus events, TransactionTemplate transaction) {
        this.circles = circles;
        this.agents = agents;
        this.events = events;
        this.transaction = transaction;
    }

    public Circle get(String name) {
        return circles.findByName(name).orElseThrow(() -> ApiException.notFound("Circle '" + name + "' not found"));
    }

    public Optional<Circle> find(long id) {
        return circles.findById(id);
    }

    List<Circle> list(int limit, int offset) {
        return circles.findAll(limit, offset);
    }

    /** Active circles or, with {@code active} false, deleted ones; newest first. */
    public List<Circle> list(boolean active, int limit, int offset) {
        return circles.findAll(active, limit, offset);
    }

    /** Counts over the active circles, for dashboards. */
    public record Counts(long total, long running, long tasks) {
    }

    public Counts counts() {
        return circles.counts();
    }

    /** Tasks completed and failed per day (UTC), the last {@code days} days, oldest first (every day present). */
    public record Throughput(String day, long completed, long failed) {
    }

    public List<Throughput> throughput(int days) {
        return circles.throughput(days);
    }

    public List<Conflict> openConflicts(long circleId) {
        return circles.conflicts(circleId, false);
    }

    long count() {
        return circles.count();
    }

    public List<Member> members(long circleId) {
        return circles.members(circleId);
    }

    /**
     * The circle, for a change by {@code caller} (of the circle or of what belongs to it: members, tasks, files,
     * conflicts): 404 when it does not exist, 403 unless the caller owns it or is an admin (see {@link Access}).
     */
    public Circle changeable(String name, AuthenticatedUser caller) {
        Circle circle = get(name);
        Access.requireOwner(caller, circle.ownerId(), "circle '" + circle.name() + "'");
        return circle;
    }

    /** The ids of the active circles {@code userId} owns ("their circles", whose shared memory and knowledge they see). */
    public java.util.Set<Long> ownedBy(String userId) {
        return userId == null ? java.util.Set.of() : java.util.Set.copyOf(circles.ownedBy(userId));
    }

    Circle create(String name, boolean requireReview, boolean autoRoute, int maxConcurrentTasks, Long projectId,
                  AuthenticatedUser caller) {
        long id;
        try {
            id = circles.insert(name.trim(), requireReview, autoRoute, maxConcurrentTasks, projectId, caller.id())
                    .orElseThrow(() -> ApiException.conflict("Circle '" + name.trim() + "' already exists"));
        } catch (DataIntegrityViolationException e) {
            // the only reference a new circle makes: circles.project_id
            throw ApiException.unprocessable("Project " + projectId + " does not exist");
        }
        Circle circle = circles.findById(id).orElseThrow();
        events.publish(Event.of("circle.created", Map.of("name", circle.name(), "require_review", requireReview,
                "auto_route", autoRoute)).circle(id));
        return circle;
    }

    /** Running: the circle accepts tasks and, with auto_route, its agents work them. */
    boolean start(String name) {
        Circle circle = get(name);
        if (!circles.transition(circle.id(), List.of("stopped"), "running")) {
            return false;
        }
        events.publish(Event.of("circle.started", Map.of("name", circle.name(), "agent_count", circle.agentCount()))
                .circle(circle.id()));
        return true;
    }

    /** Marks the circle stopping so that no new step starts; the worker finishes the rest (see {@link CircleWorker}). */
    Optional<Circle> beginStop(String name) {
        Circle circle = get(name);
        return circles.transition(circle.id(), List.of("running", "starting"), "stopping") ? Optional.of(circle) : Optional.empty();
    }

    void finishStop(Circle circle) {
        circles.transition(circle.id(), List.of("stopping"), "stopped");
        events.publish(Event.of("circle.stopped", Map.of("name", circle.name())).circle(circle.id()));
    }

    /** Clears the circle's {@code project_id} when it is {@code projectId} (the projects feature unlinking them). */
    public void detachProject(long circleId, long projectId) {
        circles.clearProject(circleId, projectId);
    }

    void delete(Circle circle) {
        circles.deactivate(circle.id());
        events.publish(Event.of("circle.deleted", Map.of("name", circle.name())).circle(circle.id()));
    }

    Member addMember(String name, long agentId, List<String> competencies, List<String> canReview) {
        Circle circle = get(name);
        Agent agent = agents.find(agentId).orElseThrow(() -> ApiException.badRequest("Agent " + agentId + " does not exist"));
        List<String> skills = competencies == null ? agent.competencies() : competencies;
        List<String> reviews = canReview == null ? agent.canReview() : canReview;
        if (!circles.upsertMember(circle.id(), agentId, clean(skills), clean(reviews))) {
            throw ApiException.conflict("Agent " + agentId + " is already a member of circle '" + circle.name() + "'");
        }
        events.publish(Event.of("agent.joined", Map.of("agent_id", agentId, "agent_name", agent.name(),
                "circle", circle.name(), "competencies", clean(skills))).circle(circle.id()).sourceAgent(agentId));
        return circles.member(circle.id(), agentId).orElseThrow();
    }

    void removeMember(String name, long agentId) {
        Circle circle = get(name);
        transaction.executeWithoutResult(status -> {
            if (!circles.deactivateMember(circle.id(), agentId)) {
                throw ApiException.notFound("Agent " + agentId + " is not a member of circle '" + circle.name() + "'");
            }
            circles.releaseFiles(circle.id(), agentId, null);
        });
        events.publish(Event.of("agent.left", Map.of("agent_id", agentId, "circle", circle.name()))
                .circle(circle.id()).sourceAgent(agentId));
    }

    Member activeMember(Circle circle, long agentId) {
        return circles.member(circle.id(), agentId).filter(Member::isActive)
                .orElseThrow(() -> ApiException.badRequest("Agent " + agentId + " is not an active member of circle '"
                        + circle.name() + "'"));
    }

    /** Claims a file for an agent. Held by another agent: a file_collision conflict is recorded and returned. */
    FileClaim claimFile(String name, long agentId, String path) {
        Circle circle = get(name);
        activeMember(circle, agentId);
        long holder = circles.claimFile(circle.id(), path, agentId);
        if (holder == agentId) {
            return new FileClaim(path, agentId, true, agentId, null);
        }
        long conflictId = circles.insertConflict(circle.id(), "file_collision", path, List.of(holder, agentId),
                "Both agents " + holder + " and " + agentId + " want to modify " + path);
        Conflict conflict = circles.conflict(circle.id(), conflictId).orElseThrow();
        events.publish(Event.of("conflict.detected", conflictData(conflict)).circle(circle.id()).sourceAgent(agentId));
        return new FileClaim(path, agentId, false, holder, conflict);
    }

    void releaseFile(String name, long agentId, String path) {
        Circle circle = get(name);
        if (!circles.releaseFile(circle.id(), path, agentId)) {
            Optional<Long> holder = circles.fileHolder(circle.id(), path);
            throw holder.isEmpty() ? ApiException.notFound("No agent holds " + path + " in circle '" + circle.name() + "'")
                    : ApiException.conflict(path + " is held by agent " + holder.get() + ", not by agent " + agentId);
        }
    }

    List<Conflict> conflicts(String name, boolean includeResolved) {
        return circles.conflicts(get(name).id(), includeResolved);
    }

    Conflict resolveConflict(String name, long conflictId, String resolution) {
        Circle circle = get(name);
        Conflict conflict = circles.conflict(circle.id(), conflictId)
                .orElseThrow(() -> ApiException.notFound("Conflict " + conflictId + " not found in circle '" + circle.name() + "'"));
        if (!circles.resolveConflict(circle.id(), conflictId, resolution)) {
            throw ApiException.conflict("Conflict " + conflictId + " is already resolved");
        }
        Conflict resolved = circles.conflict(circle.id(), conflictId).orElseThrow();
        events.publish(Event.of("conflict.resolved", conflictData(resolved)).circle(circle.id()));
        return resolved;
    }

    private static Map<String, Object> conflictData(Conflict conflict) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("conflict_id", conflict.id());
        data.put("type", conflict.type());
        data.put("resource", conflict.resource());
        data.put("agents", conflict.agents());
        data.put("resolution", conflict.resolution());
        return data;
    }

    private static List<String> clean(List<String> values) {
        return values.stream().map(String::trim).filter(value -> !value.isEmpty()).distinct().toList();
    }
}
