package dev.gathering.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;

/**
 * A Server-Sent Events reader over java.net.http streaming: messages ({@code id}, {@code data} parsed as JSON) arrive
 * in order in a queue; comments are ignored; the end of the stream is a message with {@link Message#end()}.
 */
public final class TestSse implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** {@code event} is the SSE event name ("message" when the server gave none). */
    public record Message(String id, String event, JsonNode data, boolean end) {
        public String type() {
            return data.get("type").asString();
        }
    }

    private final HttpResponse<Stream<String>> response;
    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final Stream<String> lines;

    private TestSse(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.lines = response.body();
        if (response.statusCode() == 200) {
            Thread.ofVirtual().name("test-sse-reader").start(this::read);
        }
    }

    /** GET {@code path} (e.g. {@code /events/stream?topics=task}) through {@code api} (its token and client address). */
    public static TestSse open(Api api, String path, String... headers) {
        HttpRequest.Builder request = api.request(path).header("Accept", "text/event-stream").GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return open(request.build());
    }

    /** Any request whose answer is an event stream (a POST that streams a chat, for instance). */
    public static TestSse open(HttpRequest request) {
        try {
            return new TestSse(HTTP.send(request, HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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

    /** The whole body of a refused request. */
    public String errorBody() {
        return lines.collect(Collectors.joining("\n"));
    }

    private void read() {
        String id = null;
        String event = "message";
        StringBuilder data = new StringBuilder();
        try {
            Iterator<String> iterator = lines.iterator();
            while (iterator.hasNext()) {
                String line = iterator.next();
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        messages.add(new Message(id, event, Api.JSON.readTree(data.toString()), false));
                    }
                    id = null;
                    event = "message";
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(line.substring(5).stripLeading());
                }
            }
        } catch (RuntimeException e) {
            // the connection ended
        }
        messages.add(new Message(null, null, null, true));
    }

    public Message next(Duration timeout) {
        try {
            Message message = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError("no SSE message within " + timeout.toMillis() + " ms");
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Message next() {
        return next(Duration.ofSeconds(5));
    }

    /** The next message accepted by {@code wanted} (or the end of the stream), skipping others. */
    public Message next(Predicate<Message> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Message message = next(Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1)));
            if (message.end() || wanted.test(message)) {
                return message;
            }
        }
    }

    /** Every message up to and including the first named {@code event} (or the end of the stream). */
    public java.util.List<Message> until(String event, Duration timeout) {
        java.util.List<Message> received = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Message message = next(Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1)));
            if (message.end()) {
                return received;
            }
            received.add(message);
            if (event.equals(message.event())) {
                return received;
            }
        }
    }

    public int pending() {
        return messages.size();
    }

    @Override
    public void close() {
        lines.close();
    }
}
