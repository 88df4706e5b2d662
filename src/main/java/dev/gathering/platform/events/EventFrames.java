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

    EventFrames(JsonMapper json, Caches caches) {
        this.json = json;
        this.written = caches.build("events.stream_frames", Caffeine.newBuilder()
                .maximumSize(4096)
                .expireAfterWrite(Duration.ofMinutes(1)));
    }

    String event(Event event) {
        return written.get(event.id(), id -> json.writeValueAsString(event));
    }

    String control(String type, Object data) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", type);
        frame.put("data", data);
        frame.put("timestamp", Instant.now());
        return json.writeValueAsString(frame);
    }
}
