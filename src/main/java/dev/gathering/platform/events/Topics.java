package dev.gathering.platform.events;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The topics a stream client (WebSocket or SSE) subscribed to, and whether an event matches them. No topic at all
 * means every event (as upstream). A topic is one of:
 * <ul>
 * <li>{@code *}: every event;</li>
 * <li>an event type or type prefix ({@link EventPattern}): {@code task.created}; {@code task} or {@code task.*} for
 *     every {@code task.…} event;</li>
 * <li>a resource: {@code agents:{id}}, {@code circles:{id}}, {@code projects:{id}} for the events whose
 *     {@code source_agent_id}, {@code circle_id} or {@code project_id} is that id; and, as upstream's "{@code x}
 *     matches {@code x:*}", the bare {@code agents}, {@code circles}, {@code projects} for every event carrying such
 *     an id.</li>
 * </ul>
 * Safe for one writer at a time (the connection's message thread) and any number of readers (publishers).
 */
final class Topics implements Predicate<Event> {

    static final int MAX_TOPICS = 100;
    static final int MAX_TOPIC_LENGTH = 200;

    /** Replaced as a whole on each change, so that publishers read a consistent set without locking. */
    private record State(Map<String, Predicate<Event>> byTopic, List<Predicate<Event>> matchers) {
        static State of(Map<String, Predicate<Event>> byTopic) {
            return new State(Collections.unmodifiableMap(byTopic), List.copyOf(byTopic.values()));
        }
    }

    private volatile State state = State.of(new LinkedHashMap<>());

    Topics(Collection<String> initial) {
        add(initial);
    }

    /** Parses a topic; IllegalArgumentException with a sentence for the client when it is not one. */
    static Predicate<Event> parse(String topic) {
        if (topic == null || topic.isBlank() || topic.length() > MAX_TOPIC_LENGTH) {
            throw new IllegalArgumentException("a topic is a non-empty string of at most " + MAX_TOPIC_LENGTH + " characters");
        }
        int colon = topic.indexOf(':');
        String resource = colon < 0 ? topic : topic.substring(0, colon);
        Resource kind = switch (resource) {
            case "agents" -> Resource.AGENTS;
            case "circles" -> Resource.CIRCLES;
            case "projects" -> Resource.PROJECTS;
            default -> null;
        };
        if (kind == null) {
            if (colon >= 0) {
                throw new IllegalArgumentException("unknown topic '" + topic + "': resource topics are agents:{id}, circles:{id} and projects:{id}");
            }
            EventPattern pattern = EventPattern.of(topic);
            return event -> pattern.matches(event.type());
        }
        if (colon < 0) {
            return event -> kind.of(event) != null;
        }
        long id;
        try {
            id = Long.parseLong(topic.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + topic + "': the id after '" + resource + ":' must be a number");
        }
        return event -> {
            Long value = kind.of(event);
            return value != null && value == id;
        };
    }

    private enum Resource {
        AGENTS, CIRCLES, PROJECTS;

        Long of(Event event) {
            return switch (this) {
                case AGENTS -> event.sourceAgentId();
                case CIRCLES -> event.circleId();
                case PROJECTS -> event.projectId();
            };
        }
    }

    /** Adds topics (all or none: an invalid one refuses the lot). */
    synchronized void add(Collection<String> more) {
        Map<String, Predicate<Event>> next = new LinkedHashMap<>(state.byTopic());
        for (String topic : more) {
            if (!next.containsKey(topic)) {
                next.put(topic, parse(topic));
            }
        }
        if (next.size() > MAX_TOPICS) {
            throw new IllegalArgumentException("at most " + MAX_TOPICS + " topics per connection");
        }
        state = State.of(next);
    }

    synchronized void remove(Collection<String> fewer) {
        Map<String, Predicate<Event>> next = new LinkedHashMap<>(state.byTopic());
        fewer.forEach(next::remove);
        state = State.of(next);
    }

    List<String> list() {
        return List.copyOf(state.byTopic().keySet());
    }

    @Override
    public boolean test(Event event) {
        List<Predicate<Event>> matchers = state.matchers();
        if (matchers.isEmpty()) {
            return true;
        }
        for (int i = 0; i < matchers.size(); i++) {
            if (matchers.get(i).test(event)) {
                return true;
            }
        }
        return false;
    }
}
