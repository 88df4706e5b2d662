package dev.gathering.support;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;

/** Reads a Server-Sent Events response event by event, as a browser's EventSource would. */
public final class SseClient implements AutoCloseable {

    public record Event(String name, String id, JsonNode data) {
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final HttpResponse<Stream<String>> response;
    private final Iterator<String> lines;

    private SseClient(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.lines = response.body().iterator();
    }

    public static SseClient open(HttpRequest request) {
        try {
            return new SseClient(HTTP.send(request, HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The next event, or null when the stream ends. */
    public Event next() {
        String name = "message";
        String id = null;
        StringBuilder data = new StringBuilder();
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty()) {
                if (!data.isEmpty()) {
                    return new Event(name, id, Api.JSON.readTree(data.toString()));
                }
                continue;
            }
            if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            } else if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("data:")) {
                data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).trim());
            }
        }
        return data.isEmpty() ? null : new Event(name, id, Api.JSON.readTree(data.toString()));
    }

    /** All events until the stream ends or {@code last} matches one (included). */
    public List<Event> until(Predicate<Event> last) {
        List<Event> events = new ArrayList<>();
        for (Event event = next(); event != null; event = next()) {
            events.add(event);
            if (last.test(event)) {
                break;
            }
        }
        return events;
    }

    @Override
    public void close() {
        response.body().close();
    }
}
