package dev.gathering.platform.events;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.web.ApiException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Opens Server-Sent Event streams of the bus for a client: {@code /events/stream} (events as JSON) and the web UI's
 * streams (events rendered as HTML by the page that asked). Each stream is a {@code DROP_OLDEST} subscription
 * filtered by its topics ({@link Topics}); it holds no database connection while open, is closed when
 * its token expires or is revoked, and resumes from {@code lastEventId} out of the history. The stream is written by
 * the request's own (virtual) thread, which waits until it ends.
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
     * what a page shows before its stream brings new ones. Events private to another user are left out.
     *
     * @throws ApiException 400 for an invalid topic
     */
    public List<Event> recent(List<String> topics, int limit, AuthenticatedUser viewer) {
        Topics filter;
        try {
            filter = new Topics(topics);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Invalid topics: " + e.getMessage());
        }
        return bus.historyNewest(filter.and(event -> event.visibleTo(viewer)), limit);
    }

    /** A comma-separated topic list ({@code a,b , c}) as topics; null or blank gives none (every event). */
    public static List<String> topics(String csv) {
        return csv == null ? List.of()
                : java.util.Arrays.stream(csv.split(",")).map(String::trim).filter(topic -> !topic.isEmpty()).toList();
    }

    /** The JSON stream of {@code /events/stream}: unnamed SSE messages whose data is the event. Returns when it ends. */
    public void json(AuthenticatedUser user, List<String> topics, String lastEventId, HttpServletResponse response)
            throws IOException, InterruptedException {
        open(user, topics, lastEventId, null, frames::event, response);
    }

    /**
     * A stream whose events are SSE messages named {@code eventName} (htmx: {@code sse-swap="eventName"} or
     * {@code hx-trigger="sse:eventName"}) with {@code render(event)} as data; the first message is the unnamed
     * {@code connected} frame. Returns when it ends.
     *
     * @throws ApiException 400 for an invalid topic
     */
    public void rendered(AuthenticatedUser user, List<String> topics, String lastEventId, String eventName,
                         Function<Event, String> render, HttpServletResponse response)
            throws IOException, InterruptedException {
        open(user, topics, lastEventId, eventName, render, response);
    }

    /**
     * Writes the stream on the response itself, and holds the request (a parked virtual thread) until the connection
     * ends: the server closes it (shutdown, an expired token) or a write fails (the client left, noticed at the latest
     * by the next heartbeat). No asynchronous request is involved, so none can be left behind by a client that leaves.
     */
    private void open(AuthenticatedUser user, List<String> topics, String lastEventId, String eventName,
                      Function<Event, String> render, HttpServletResponse response)
            throws IOException, InterruptedException {
        clients.requireAccepting();
        try {
            new Topics(topics);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Invalid topics: " + e.getMessage());
        }
        response.setStatus(200);
        response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.setHeader("X-Accel-Buffering", "no");
        SseTransport transport = new SseTransport(response.getOutputStream(), eventName);
        clients.open("sse", user, topics, transport, lastEventId, render, StreamClients.Greeting.CONNECTED);
        transport.awaitClosed();
    }

    /** SSE messages: events carry {@code id:} (and {@code event:} when named); control frames carry neither. */
    private static final class SseTransport implements StreamClient.Transport {

        private final OutputStream out;
        private final String eventName;
        private final CountDownLatch closed = new CountDownLatch(1);

        SseTransport(OutputStream out, String eventName) {
            this.out = out;
            this.eventName = eventName;
        }

        @Override
        public void send(String eventId, String frame) throws IOException {
            if (eventId == null) {
                write("retry:3000\ndata:" + frame + "\n\n");
            } else if (eventName == null) {
                write("id:" + eventId + "\ndata:" + frame + "\n\n");
            } else {
                write("id:" + eventId + "\nevent:" + eventName + "\ndata:" + frame + "\n\n");
            }
        }

        @Override
        public void heartbeat() throws IOException {
            write(":keep-alive\n\n");
        }

        private synchronized void write(String text) throws IOException {
            try {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException | RuntimeException e) {
                closed.countDown();
                throw e instanceof IOException io ? io : new IOException(e);
            }
        }

        @Override
        public void close(StreamClient.CloseReason reason) {
            closed.countDown();
        }

        void awaitClosed() throws InterruptedException {
            closed.await();
        }
    }
}
