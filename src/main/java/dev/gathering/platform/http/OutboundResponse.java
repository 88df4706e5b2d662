package dev.gathering.platform.http;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A response, its body read in full (within the request's size limit).
 *
 * @param status    HTTP status
 * @param headers   response headers, names in lower case
 * @param body      the body's bytes
 * @param uri       the URL that answered (after redirects)
 * @param redirects how many redirects were followed
 */
public record OutboundResponse(int status, Map<String, List<String>> headers, byte[] body, URI uri, int redirects) {

    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    public String contentType() {
        return header("content-type");
    }

    /** The body as text, in the charset the response declares (UTF-8 otherwise). */
    public String text() {
        return new String(body, charset());
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    private Charset charset() {
        String type = contentType();
        if (type != null) {
            for (String part : type.split(";")) {
                String trimmed = part.trim();
                if (trimmed.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                    try {
                        return Charset.forName(trimmed.substring(8).replace("\"", "").trim());
                    } catch (RuntimeException unknown) {
                        return StandardCharsets.UTF_8;
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
