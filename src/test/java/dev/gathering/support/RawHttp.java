package dev.gathering.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Sends one request exactly as given, bytes and all (a URL with {@code %zz}, a body that is not UTF-8, a chunked
 * body that lies), over a new connection, and reads the whole answer: what a general-purpose client refuses to send.
 */
public final class RawHttp {

    private RawHttp() {
    }

    public record Response(int status, Map<String, String> headers, String body, long millis) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String contentType() {
            return header("content-type");
        }

        public JsonNode json() {
            return Api.JSON.readTree(body);
        }

        @Override
        public String toString() {
            return status + " " + (body.length() > 500 ? body.substring(0, 500) + "…" : body);
        }
    }

    /** {@code head} is the request line and headers without the final empty line; Host and Connection are added. */
    public static Response send(int port, String head, byte[] body) {
        long started = System.nanoTime();
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            String full = head + "\r\nHost: localhost:" + port + "\r\nConnection: close\r\n\r\n";
            out.write(full.getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return read(new BufferedInputStream(socket.getInputStream()), started);
        } catch (SocketTimeoutException e) {
            throw new IllegalStateException("no answer within 30 s to: " + head.lines().findFirst().orElse(head), e);
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + head.lines().findFirst().orElse(head) + ": " + e, e);
        }
    }

    public static Response send(int port, String method, String target, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1");
        headers.forEach((name, value) -> head.append("\r\n").append(name).append(": ").append(value));
        if (body != null && headers.keySet().stream().noneMatch(name -> name.equalsIgnoreCase("Transfer-Encoding"))) {
            head.append("\r\nContent-Length: ").append(body.length);
        }
        return send(port, head.toString(), body);
    }

    private static Response read(InputStream in, long started) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("connection closed without an answer");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
                        (a, b) -> a + ", " + b);
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (headers.getOrDefault("content-type", "").startsWith("text/event-stream")) {
            // a stream that opened: its answer is the status; the stream itself would not end
            return new Response(status, headers, "", (System.nanoTime() - started) / 1_000_000);
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (String size = line(in); size != null && !size.isBlank(); size = line(in)) {
                long length = Long.parseLong(size.split(";")[0].trim(), 16);
                if (length == 0) {
                    break;
                }
                body.write(in.readNBytes((int) length));
                line(in);
            }
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else {
            body.write(in.readAllBytes());
        }
        return new Response(status, headers, body.toString(StandardCharsets.UTF_8), (System.nanoTime() - started) / 1_000_000);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int b = in.read();
        if (b < 0) {
            return null;
        }
        for (; b != '\n' && b >= 0; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
