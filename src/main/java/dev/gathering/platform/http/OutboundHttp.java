package dev.gathering.platform.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The one outbound HTTP client. Every connection goes to an address that {@link AddressPolicy} checked: the client's
 * DNS resolver resolves the host, refuses it if any address is internal, and hands the connection code exactly the
 * addresses it checked (so a second, different DNS answer cannot slip in between check and connect). Redirects are
 * followed here, one by one, each new host going through the same resolver; credentials are dropped when the host
 * changes. A request is bounded in total time (redirects and body included), in response size and in redirects.
 * Blocking: call it from a virtual thread.
 */
@Component
public class OutboundHttp implements DisposableBean {

    private static final Set<String> FORBIDDEN_HEADERS = Set.of("host", "content-length", "transfer-encoding",
            "connection", "upgrade", "te", "trailer", "expect");
    private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "cookie", "proxy-authorization");

    private final HttpProperties properties;
    private final CloseableHttpClient client;
    private final ScheduledExecutorService deadlines;
    private final MeterRegistry meters;

    public OutboundHttp(HttpProperties properties, AddressPolicy policy, MeterRegistry meters) {
        this.properties = properties;
        this.meters = meters;
        DnsResolver checking = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return policy.resolve(host);
            }

            @Override
            public String resolveCanonicalHostname(String host) throws UnknownHostException {
                return policy.resolve(host)[0].getCanonicalHostName();
            }
        };
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(checking)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(properties.connectTimeout()))
                        .setSocketTimeout(Timeout.of(properties.timeout()))
                        .build())
                .setMaxConnTotal(200)
                .setMaxConnPerRoute(20)
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(connections)
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAutomaticRetries()
                .disableAuthCaching()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .setUserAgent(properties.userAgent())
                .build();
        this.deadlines = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("outbound-http-deadlines").factory());
    }

    /** The limits a request gets when it sets none. */
    public HttpProperties defaults() {
        return properties;
    }

    /**
     * Sends the request, following redirects, and reads the whole response. Any status is a response (4xx and 5xx
     * included); failures to get one are {@link OutboundHttpException}s.
     */
    public OutboundResponse send(OutboundRequest request) {
        Duration timeout = request.timeout() == null ? properties.timeout() : request.timeout();
        long maxBytes = request.maxBytes() == null ? properties.maxResponseSize().toBytes() : request.maxBytes();
        int maxRedirects = request.maxRedirects() == null ? properties.maxRedirects() : request.maxRedirects();
        if (!OutboundRequest.METHODS.contains(request.method())) {
            throw invalid("Method " + request.method() + " is not supported; use one of " + String.join(", ", OutboundRequest.METHODS));
        }
        Map<String, String> headers = checkedHeaders(request.headers());
        long deadline = System.nanoTime() + timeout.toNanos();
        URI current = checkedUri(request.uri());
        String method = request.method();
        byte[] body = request.body();
        String outcome = "error";
        try {
            for (int redirects = 0; ; redirects++) {
                OutboundResponse response = once(method, current, headers, body, deadline, timeout, maxBytes, redirects);
                String location = response.header("location");
                if (!isRedirect(response.status()) || location == null || maxRedirects == 0) {
                    outcome = "response";
                    return response;
                }
                if (redirects >= maxRedirects) {
                    throw new OutboundHttpException(OutboundHttpException.Reason.REDIRECTS, "Gave up after "
                            + maxRedirects + " redirects (the last one from " + current + " to " + location + ")");
                }
                URI next;
                try {
                    next = checkedUri(current.resolve(location.trim()));
                } catch (IllegalArgumentException | OutboundHttpException e) {
                    throw new OutboundHttpException(OutboundHttpException.Reason.REDIRECTS,
                            "Cannot follow the redirect from " + current + " to '" + location + "': " + e.getMessage());
                }
                int status = response.status();
                if (status == 303 || ((status == 301 || status == 302) && method.equals("POST"))) {
                    method = "GET";
                    body = null;
                    headers.keySet().removeIf(name -> name.equalsIgnoreCase("content-type"));
                }
                if (!sameOrigin(current, next)) {
                    headers.keySet().removeIf(name -> CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT)));
                }
                current = next;
            }
        } catch (OutboundHttpException e) {
            outcome = e.reason().name().toLowerCase(Locale.ROOT);
            throw e;
        } finally {
            meters.counter("gathering.http.outbound", "outcome", outcome).increment();
        }
    }

    private OutboundResponse once(String method, URI uri, Map<String, String> headers, byte[] body, long deadline,
                                  Duration timeout, long maxBytes, int redirects) {
        long remainingNanos = deadline - System.nanoTime();
        if (remainingNanos <= 0) {
            throw timedOut(uri, timeout);
        }
        HttpUriRequestBase request = new HttpUriRequestBase(method, uri);
        headers.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("content-type") || body == null) {
                request.setHeader(name, value);
            }
        });
        if (body != null) {
            String type = headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("content-type"))
                    .map(Map.Entry::getValue).findFirst().orElse("application/octet-stream");
            ContentType contentType;
            try {
                contentType = ContentType.parse(type);
            } catch (RuntimeException e) {
                throw invalid("Content-Type '" + type + "' is not valid");
            }
            request.setEntity(new ByteArrayEntity(body, contentType));
        }
        Timeout remaining = Timeout.ofMilliseconds(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remainingNanos)));
        request.setConfig(RequestConfig.custom().setResponseTimeout(remaining).setConnectionRequestTimeout(remaining).build());
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> abort = deadlines.schedule(() -> {
            expired.set(true);
            request.cancel();
        }, remainingNanos, TimeUnit.NANOSECONDS);
        try {
            return client.execute(request, response -> {
                Map<String, List<String>> responseHeaders = new LinkedHashMap<>();
                for (Header header : response.getHeaders()) {
                    responseHeaders.computeIfAbsent(header.getName().toLowerCase(Locale.ROOT), k -> new java.util.ArrayList<>())
                            .add(header.getValue());
                }
                byte[] bytes = read(response.getEntity(), maxBytes, uri);
                return new OutboundResponse(response.getCode(), responseHeaders, bytes, uri, redirects);
            });
        } catch (OutboundHttpException e) {
            throw e;
        } catch (AddressPolicy.BlockedAddressException e) {
            throw new OutboundHttpException(OutboundHttpException.Reason.BLOCKED_ADDRESS, e.getMessage());
        } catch (UnknownHostException e) {
            throw new OutboundHttpException(OutboundHttpException.Reason.UNREACHABLE, "Host " + uri.getHost() + " is unknown");
        } catch (IOException | RuntimeException e) {
            if (expired.get() || e instanceof InterruptedIOException && isTimeout(e)) {
                throw timedOut(uri, timeout);
            }
            Throwable cause = e;
            while (cause != null) {
                if (cause instanceof AddressPolicy.BlockedAddressException blocked) {
                    throw new OutboundHttpException(OutboundHttpException.Reason.BLOCKED_ADDRESS, blocked.getMessage());
                }
                cause = cause.getCause();
            }
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new OutboundHttpException(OutboundHttpException.Reason.UNREACHABLE,
                    "Could not get a response from " + uri.getScheme() + "://" + uri.getAuthority() + ": " + reason, e);
        } finally {
            abort.cancel(false);
        }
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.SocketTimeoutException
                    || cause.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    private static byte[] read(HttpEntity entity, long maxBytes, URI uri) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        if (entity.getContentLength() > maxBytes) {
            throw tooLarge(uri, maxBytes);
        }
        try (InputStream in = entity.getContent()) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(
                    (int) Math.min(Math.max(entity.getContentLength(), 256), Math.min(maxBytes, 1 << 20)));
            byte[] buffer = new byte[16 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) != -1; ) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge(uri, maxBytes);
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    private static OutboundHttpException tooLarge(URI uri, long maxBytes) {
        return new OutboundHttpException(OutboundHttpException.Reason.TOO_LARGE, "The response of " + uri
                + " is larger than " + describe(maxBytes));
    }

    private static OutboundHttpException timedOut(URI uri, Duration timeout) {
        return new OutboundHttpException(OutboundHttpException.Reason.TIMEOUT, "No complete response from "
                + uri.getScheme() + "://" + uri.getAuthority() + " within " + describe(timeout));
    }

    static String describe(long bytes) {
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + " KB";
        }
        return bytes + " bytes";
    }

    static String describe(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /** Only absolute http(s) URLs with a host and no user info. */
    public static URI checkedUri(URI uri) {
        if (uri == null) {
            throw invalid("A URL is required");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw invalid("Only http and https URLs can be fetched (got '" + uri + "')");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw invalid("The URL '" + uri + "' has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("URLs with a user name or password are not accepted; send an Authorization header instead");
        }
        return uri;
    }

    /** Parses a URL given as text, with a clear error. */
    public static URI parse(String url) {
        if (url == null || url.isBlank()) {
            throw invalid("A URL is required");
        }
        try {
            return checkedUri(new URI(url.trim()));
        } catch (java.net.URISyntaxException e) {
            throw invalid("'" + url + "' is not a valid URL: " + e.getReason());
        }
    }

    private static Map<String, String> checkedHeaders(Map<String, String> headers) {
        Map<String, String> copy = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (name == null || name.isBlank() || !name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                throw invalid("'" + name + "' is not a valid header name");
            }
            if (FORBIDDEN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw invalid("Header " + name + " is set by the client itself and cannot be given");
            }
            if (value == null || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
                throw invalid("Header " + name + " has an invalid value");
            }
            copy.put(name, value);
        });
        return copy;
    }

    private static OutboundHttpException invalid(String message) {
        return new OutboundHttpException(OutboundHttpException.Reason.INVALID_REQUEST, message);
    }

    @Override
    public void destroy() throws IOException {
        deadlines.shutdownNow();
        client.close();
    }
}
