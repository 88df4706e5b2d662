package dev.gathering.agent;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

/** The JSON shapes of agents (upstream's AgentResponse and AgentDetail). */
final class AgentViews {

    static final Duration RESUME_AFTER = Duration.ofHours(1);

    private AgentViews() {
    }

    record CurrentTask(String id, String title, String progress) {
    }

    record Summary(long id, String name, String role, String provider, String model, String status,
                   List<String> competencies, List<String> canReview, CurrentTask currentTask,
                   OffsetDateTime createdAt, OffsetDateTime lastActivity, String ownerId) {
    }

    record PersonaView(Long id, String name, String role, List<String> traits, String communicationStyle,
                       List<String> specializations, List<String> languages, String basePrompt) {
    }

    record ConfigView(String provider, String model, String modelAlias, int maxTokens, double temperature,
                      List<String> competencies, List<String> canReview, boolean autoRemember, boolean cacheResponses) {
    }

    record SessionView(String status, List<String> workingFiles, List<String> pendingActions,
                       List<String> completedActions, long messageCount, boolean needsResume, String timeSince,
                       OffsetDateTime lastActivity) {
    }

    record Detail(long id, String name, String role, String provider, String model, String status,
                  List<String> competencies, List<String> canReview, CurrentTask currentTask,
                  OffsetDateTime createdAt, OffsetDateTime lastActivity, PersonaView persona, ConfigView config,
                  SessionView session, List<String> skills, int toolsCount, String ownerId) {
    }

    record AgentList(List<Summary> agents, long total, int limit, int offset) {
    }

    static Summary summary(Agent agent) {
        return new Summary(agent.id(), agent.name(), agent.role(), agent.providerName(), agent.modelName(),
                agent.effectiveStatus(), agent.competencies(), agent.canReview(), currentTask(agent), agent.createdAt(),
                lastActivity(agent), agent.ownerId());
    }

    static Detail detail(Agent agent, List<String> skills, int toolsCount, Clock clock) {
        return new Detail(agent.id(), agent.name(), agent.role(), agent.providerName(), agent.modelName(),
                agent.effectiveStatus(), agent.competencies(), agent.canReview(), currentTask(agent),
                agent.createdAt(), lastActivity(agent),
                new PersonaView(agent.personaId(), agent.name(), agent.role(), agent.traits(), agent.communicationStyle(),
                        agent.specializations(), agent.languages(), agent.basePrompt()),
                new ConfigView(agent.providerName(), agent.modelName(), agent.modelAlias(), agent.maxTokens(),
                        agent.temperature(), agent.competencies(), agent.canReview(), agent.autoRemember(),
                        agent.cacheResponses()),
                session(agent, clock), skills, toolsCount, agent.ownerId());
    }

    static SessionView session(Agent agent, Clock clock) {
        Agent.Session session = agent.session();
        OffsetDateTime last = session.lastActivityAt();
        Duration idle = last == null ? null : Duration.between(last.toInstant(), clock.instant());
        return new SessionView(session.status(), session.workingFiles(), session.pendingActions(),
                session.completedActions(), agent.messageCount(), idle != null && idle.compareTo(RESUME_AFTER) > 0,
                idle == null ? null : timeSince(idle), last);
    }

    static CurrentTask currentTask(Agent agent) {
        Agent.Session session = agent.session();
        return session.currentTaskId() == null && session.currentTaskTitle() == null ? null
                : new CurrentTask(session.currentTaskId(), session.currentTaskTitle(), session.currentTaskProgress());
    }

    static OffsetDateTime lastActivity(Agent agent) {
        OffsetDateTime session = agent.session().lastActivityAt();
        OffsetDateTime chat = agent.lastActiveAt();
        if (session == null) {
            return chat;
        }
        return chat == null || session.isAfter(chat) ? session : chat;
    }

    /** "2 days ago", "3 hours ago", "5 minutes ago", "a few seconds ago". */
    static String timeSince(Duration idle) {
        long days = idle.toDays();
        if (days > 0) {
            return days + (days == 1 ? " day" : " days") + " ago";
        }
        long hours = idle.toHours();
        if (hours > 0) {
            return hours + (hours == 1 ? " hour" : " hours") + " ago";
        }
        long minutes = idle.toMinutes();
        if (minutes > 0) {
            return minutes + (minutes == 1 ? " minute" : " minutes") + " ago";
        }
        return "a few seconds ago";
    }
}
