package dev.gathering.platform.events;

import dev.gathering.platform.security.AdminOnly;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gathering.platform.ratelimit.RateLimited;
import dev.gathering.platform.ratelimit.Tier;
import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.web.ApiException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The event stream over Server-Sent Events, the history, and the bus's counters.
 * <ul>
 * <li>{@code GET /events/stream?topics=a,b} ({@code Authorization} header or {@code ?token=}): first a
 *     {@code connected} message (no id), then one message per matching event, {@code id:} the event id and
 *     {@code data:} the event JSON. No {@code event:} name, so {@code EventSource.onmessage} sees them all. On
 *     reconnection the browser sends {@code Last-Event-ID} (or {@code ?last_event_id=}) and the events missed since
 *     are replayed from the history first. A comment line every {@code stream-recheck} keeps proxies from closing an
 *     idle stream. The connection holds no thread and no database connection while open.</li>
 * <li>{@code GET /events/history?type=&limit=}: newest first; {@code type} is an event pattern.</li>
 * </ul>
 */
@RestController
class EventStreamController {

    private final EventBus bus;
    private final StreamClients clients;
    private final EventStreams streams;
    private final PostgresEventRelay relay;

    EventStreamController(EventBus bus, StreamClients clients, EventStreams streams, PostgresEventRelay relay) {
        this.bus = bus;
        this.clients = clients;
        this.streams = streams;
        this.relay = relay;
    }

    @GetMapping(path = "/events/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @RateLimited(Tier.READ)
    void stream(@AuthenticationPrincipal AuthenticatedUser user,
                @RequestParam(required = false) String topics,
                @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                @RequestParam(name = "last_event_id", required = false) String lastEventIdParameter,
                HttpServletResponse response) throws IOException, InterruptedException {
        streams.json(user, EventStreams.topics(topics),
                lastEventId != null && !lastEventId.isBlank() ? lastEventId : lastEventIdParameter, response);
    }

    @GetMapping("/events/history")
    @RateLimited(Tier.READ)
    Map<String, Object> history(@RequestParam(required = false) String type,
                                @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
                                @AuthenticationPrincipal AuthenticatedUser user) {
        List<Event> events;
        try {
            events = bus.history(type, limit).stream().filter(event -> event.visibleTo(user)).toList();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Invalid type: " + e.getMessage());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("events", events);
        answer.put("count", events.size());
        return answer;
    }

    @GetMapping("/events/stats")
    @RateLimited(Tier.READ)
    @AdminOnly
    Map<String, Object> stats() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("bus", bus.stats());
        answer.put("relay", relay.stats());
        answer.put("stream_connections", clients.active());
        return answer;
    }
}
