package dev.gathering.platform.events;

import java.io.IOException;
import java.util.List;
import java.util.function.Function;

import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.web.ApiException;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Opens Server-Sent Event streams of the bus for a client: {@code /events/stream} (events as JSON) and the web UI's
 * streams (events rendered as HTML by the page that asked). Each stream is a {@code DROP_OLDEST} subscription
 * filtered by its topics ({@link Topics}); it holds no thread and no database connection while open, is closed when
 * its token expires or is revoked, and resumes from {@code lastEventId} out of the history.
 */
@Component
public class EventStreams {

    private final StreamClients clients;
    private final EventFrames frames;
    private final EventBus bus;

    EventStreams(StreamClients clients, EventFrames frames, EventBus bus) {
        this.clients = clients;
        this.frames = frames;
        this.bus = bus;
    }

    /**
     * The newest {@code limit} events of the history matching {@code topics} (as a stream would), newest first:
     * what a page shows before its stream brings new ones.
     *
     * @throws ApiException 400 for an invalid topic
     */
    public List<Event> recent(List<String> topics, int limit) {
        Topics filter;
        try {
            filter = new Topics(topics);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Invalid topics: " + e.getMessage());
        }
        return bus.historyNewest(filter, limit);
    }

    /** A comma-separated topic list ({@code a,b , c}) as topics; null or blank gives none (every event). */
    public static List<String> topics(String csv) {
        return csv == null ? List.of()
                : java.util.Arrays.stream(csv.split(",")).map(String::trim).filter(topic -> !topic.isEmpty()).toList();
    }

    /** The JSON stream of {@code /events/stream}: unnamed SSE messages whose data is the event. */
    public SseEmitter json(AuthenticatedUser user, List<String> topics, String lastEventId) {
        return open(user, topics, lastEventId, null, frames::event);
    }

    /**
     * A stream whose events are SSE messages named {@code eventName} (htmx: {@code sse-swap="eventName"} or
     * {@code hx-trigger="sse:eventName"}) with {@code render(event)} as data; the first message is the unnamed
     * {@code connected} frame.
     *
     * @throws ApiException 400 for an invalid topic
     */
    public SseEmitter rendered(AuthenticatedUser user, List<String> topics, String lastEventId, String eventName,
                               Function<Event, String> render) {
        return open(user, topics, lastEventId, eventName, render);
    }

    private SseEmitter open(AuthenticatedUser user, List<String> topics, String lastEventId, String eventName,
                            Function<Event, String> render) {
        SseEmitter emitter = new SseEmitter(0L);
        StreamClient client;
        try {
            client = clients.open("sse", user, topics, new SseTransport(emitter, eventName), lastEventId, render,
                    StreamClients.Greeting.CONNECTED);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Invalid topics: " + e.getMessage());
        }
        Runnable gone = () -> clients.close(client, StreamClient.CloseReason.CLIENT_GONE);
        emitter.onCompletion(gone);
        emitter.onTimeout(gone);
        emitter.onError(error -> gone.run());
        return emitter;
    }

    /** SSE messages: events carry {@code id:} (and {@code event:} when named); control frames carry neither. */
    private record SseTransport(SseEmitter emitter, String eventName) implements StreamClient.Transport {

        @Override
        public void send(String eventId, String frame) throws IOException {
            SseEmitter.SseEventBuilder message = eventId != null
                    ? SseEmitter.event().id(eventId)
                    : SseEmitter.event().reconnectTime(3000);
            if (eventId != null && eventName != null) {
                message.name(eventName);
            }
            emitter.send(message.data(frame));
        }

        @Override
        public void heartbeat() throws IOException {
            emitter.send(SseEmitter.event().comment("keep-alive"));
        }

        @Override
        public void close(StreamClient.CloseReason reason) {
            try {
                emitter.complete();
            } catch (IllegalStateException alreadyFailed) {
                // the response already failed (the client went away while a heartbeat was written): nothing to end
            }
        }
    }
}
