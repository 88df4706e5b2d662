package dev.gathering.agent;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * The system prompt of a chat, in English, sections in this order (empty ones left out): the agent's own
 * prompt (or its persona's), its role, traits and style, the project context (the projects of its circles), its
 * specializations, the language to answer in when
 * the persona's first language is not English, the current task, a resume note after an hour of silence, and
 * up to five recalled memories.
 */
@Component
class PromptBuilder {

    static final int MEMORY_LIMIT = 5;

    private static final Map<String, String> STYLES = Map.of(
            "formal", "Communicate formally and precisely.",
            "concise", "Be concise: short answers, no filler.",
            "detailed", "Give detailed, thorough explanations.",
            "technical", "Use precise technical language.",
            "friendly", "Be warm and approachable.",
            "balanced", "Balance clarity with completeness.",
            "professional", "Keep a professional tone.");

    private static final Map<String, String> LANGUAGES = Map.ofEntries(
            Map.entry("fr", "French"), Map.entry("de", "German"), Map.entry("es", "Spanish"),
            Map.entry("it", "Italian"), Map.entry("pt", "Portuguese"), Map.entry("nl", "Dutch"),
            Map.entry("ja", "Japanese"), Map.entry("zh", "Chinese"), Map.entry("ko", "Korean"),
            Map.entry("ru", "Russian"), Map.entry("ar", "Arabic"), Map.entry("pl", "Polish"));

    private final Clock clock;

    PromptBuilder(Clock clock) {
        this.clock = clock;
    }

    String system(Agent agent, List<String> memories, String lastUserMessage) {
        return system(agent, memories, lastUserMessage, null);
    }

    String system(Agent agent, List<String> memories, String lastUserMessage, String projectContext) {
        List<String> sections = new ArrayList<>();
        String basePrompt = agent.basePrompt() != null && !agent.basePrompt().isBlank() ? agent.basePrompt() : agent.personaPrompt();
        add(sections, basePrompt);
        add(sections, role(agent));
        if (projectContext != null && !projectContext.isBlank()) {
            sections.add("## Project Context\n" + projectContext.strip());
        }
        if (!agent.specializations().isEmpty()) {
            sections.add("## Your Specializations\n" + String.join(", ", agent.specializations()));
        }
        add(sections, language(agent.languages()));
        add(sections, currentTask(agent.session()));
        add(sections, resume(agent, lastUserMessage));
        if (!memories.isEmpty()) {
            StringBuilder context = new StringBuilder("## Relevant Context");
            memories.stream().limit(MEMORY_LIMIT).forEach(memory -> context.append("\n- ").append(memory));
            sections.add(context.toString());
        }
        return String.join("\n\n", sections);
    }

    private static String role(Agent agent) {
        List<String> lines = new ArrayList<>();
        lines.add(agent.role() == null || agent.role().isBlank()
                ? "You are " + agent.name() + "." : "You are " + agent.name() + ", " + agent.role() + ".");
        if (!agent.traits().isEmpty()) {
            lines.add("Traits: " + String.join(", ", agent.traits()));
        }
        String style = STYLES.get(agent.communicationStyle() == null ? "" : agent.communicationStyle().toLowerCase(Locale.ROOT));
        if (style != null) {
            lines.add("Style: " + style);
        }
        return "## Your Role\n" + String.join("\n", lines);
    }

    private static String language(List<String> languages) {
        if (languages.isEmpty()) {
            return null;
        }
        String first = languages.getFirst().trim().toLowerCase(Locale.ROOT);
        if (first.equals("en") || first.startsWith("en-") || first.equals("english")) {
            return null;
        }
        String name = LANGUAGES.getOrDefault(first.length() > 2 && first.charAt(2) == '-' ? first.substring(0, 2) : first,
                languages.getFirst().trim());
        return "## Language\nAnswer in " + name + " unless the user writes in another language.";
    }

    private static String currentTask(Agent.Session session) {
        if (session.currentTaskTitle() == null) {
            return null;
        }
        String progress = session.currentTaskProgress() == null || session.currentTaskProgress().isBlank()
                ? "" : "\nProgress: " + session.currentTaskProgress();
        return "## Current Task\n" + session.currentTaskTitle()
                + (session.currentTaskId() == null ? "" : " (task " + session.currentTaskId() + ")") + progress;
    }

    /** After an hour of silence, remind the model where things stood. */
    private String resume(Agent agent, String lastUserMessage) {
        Agent.Session session = agent.session();
        if (session.lastActivityAt() == null) {
            return null;
        }
        Duration idle = Duration.between(session.lastActivityAt().toInstant(), clock.instant());
        if (idle.compareTo(AgentViews.RESUME_AFTER) <= 0) {
            return null;
        }
        StringBuilder note = new StringBuilder("## Resuming the Session\nLast activity: ")
                .append(AgentViews.timeSince(idle)).append('.');
        if (session.currentTaskTitle() != null) {
            note.append("\nCurrent task: ").append(session.currentTaskTitle());
        }
        appendList(note, "Pending actions", session.pendingActions(), 5);
        appendList(note, "Working files", session.workingFiles(), 5);
        List<String> completed = session.completedActions();
        appendList(note, "Recently completed", completed.subList(Math.max(0, completed.size() - 3), completed.size()), 3);
        if (lastUserMessage != null) {
            note.append("\nLast message from the user: ")
                    .append(lastUserMessage.length() > 100 ? lastUserMessage.substring(0, 100) + "…" : lastUserMessage);
        }
        return note.toString();
    }

    private static void appendList(StringBuilder note, String title, List<String> items, int limit) {
        if (!items.isEmpty()) {
            note.append('\n').append(title).append(": ").append(String.join(", ", items.stream().limit(limit).toList()));
        }
    }

    private static void add(List<String> sections, String section) {
        if (section != null && !section.isBlank()) {
            sections.add(section.strip());
        }
    }
}
