package dev.gathering.platform.events;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gathering.platform.cache.Caches;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON text of stream frames. An event frame is the event itself,
 * {@code {id, type, timestamp, source_agent_id, circle_id, project_id, data}} (a superset of upstream's
 * {@code {type, data, timestamp}}), written once per event however many clients receive it. A control frame is
 * {@code {type, data, timestamp}}.
 */
@Component
class EventFrames {

    private final JsonMapper json;
    private final Cache<String, String> written;
    private final Cache<String, String> dashboard;

    EventFrames(JsonMapper json, Caches caches) {
        this.json = json;
        this.written = caches.build("events.stream_frames", Caffeine.newBuilder()
                .maximumSize(4096)
                .expireAfterWrite(Duration.ofMinutes(1)));
        this.dashboard = caches.build("events.dashboard_frames", Caffeine.newBuilder()
                .maximumSize(4096)
                .expireAfterWrite(Duration.ofMinutes(1)));
    }

    String event(Event event) {
        return written.get(event.id(), id -> json.writeValueAsString(event));
    }

    /**
     * The upstream {@code /ws/dashboard} event frame:
     * {@code {type, data, source_agent_id, circle_id, project_id, event_id, timestamp}}.
     */
    String dashboardEvent(Event event) {
        return dashboard.get(event.id(), id -> {
            Map<String, Object> frame = new LinkedHashMap<>();
            frame.put("type", event.type());
            frame.put("data", event.data());
            frame.put("source_agent_id", event.sourceAgentId());
            frame.put("circle_id", event.circleId());
            frame.put("project_id", event.projectId());
            frame.put("event_id", event.id());
            frame.put("timestamp", event.timestamp());
            return json.writeValueAsString(frame);
        });
    }

    String control(String type, Object data) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", type);
        frame.put("data", data);
        frame.put("timestamp", Instant.now());
        return json.writeValueAsString(frame);
    }
}
