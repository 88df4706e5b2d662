package dev.gathering.platform.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One outbound request. Build it with {@link #get}/{@link #of} and the {@code with…} copies; limits left null take
 * the server's defaults ({@link HttpProperties}). Callers that take limits from users or models clamp them first.
 *
 * @param method       GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS
 * @param uri          absolute http or https URL
 * @param headers      request headers (one value each)
 * @param body         request body, or null
 * @param timeout      bound on the whole request, redirects and body included (null: default)
 * @param maxBytes     bound on the response body (null: default)
 * @param maxRedirects redirects followed (null: default; 0 returns the redirect response itself)
 */
public record OutboundRequest(String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout,
                              Long maxBytes, Integer maxRedirects) {

    static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    public OutboundRequest {
        method = method == null ? "GET" : method.trim().toUpperCase(Locale.ROOT);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static OutboundRequest get(URI uri) {
        return new OutboundRequest("GET", uri, Map.of(), null, null, null, null);
    }

    public static OutboundRequest of(String method, URI uri) {
        return new OutboundRequest(method, uri, Map.of(), null, null, null, null);
    }

    public OutboundRequest withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new OutboundRequest(method, uri, copy, body, timeout, maxBytes, maxRedirects);
    }

    public OutboundRequest withHeaders(Map<String, String> more) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.putAll(more);
        return new OutboundRequest(method, uri, copy, body, timeout, maxBytes, maxRedirects);
    }

    public OutboundRequest withBody(byte[] bytes, String contentType) {
        OutboundRequest copy = new OutboundRequest(method, uri, headers, bytes, timeout, maxBytes, maxRedirects);
        return contentType == null ? copy : copy.withHeader("Content-Type", contentType);
    }

    public OutboundRequest withBody(String text, String contentType) {
        return withBody(text.getBytes(StandardCharsets.UTF_8), contentType);
    }

    public OutboundRequest withTimeout(Duration limit) {
        return new OutboundRequest(method, uri, headers, body, limit, maxBytes, maxRedirects);
    }

    public OutboundRequest withMaxBytes(long limit) {
        return new OutboundRequest(method, uri, headers, body, timeout, limit, maxRedirects);
    }

    public OutboundRequest withMaxRedirects(int limit) {
        return new OutboundRequest(method, uri, headers, body, timeout, maxBytes, limit);
    }
}
