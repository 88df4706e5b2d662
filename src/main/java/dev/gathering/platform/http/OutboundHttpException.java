package dev.gathering.platform.http;

/**
 * Why an outbound request did not get a response. The message is a sentence a user (or an agent's model) can act on;
 * callers decide what it means for them (a tool result, a 4xx, a plugin's health).
 */
public class OutboundHttpException extends RuntimeException {

    /** What went wrong. */
    public enum Reason {
        /** Not an absolute http(s) URL, or a header or method that cannot be sent. */
        INVALID_REQUEST,
        /** The host resolves to an address that is internal (loopback, private, link-local, metadata…) and not allowed. */
        BLOCKED_ADDRESS,
        /** The host does not resolve, or refuses or drops the connection. */
        UNREACHABLE,
        /** The whole request took longer than its time limit. */
        TIMEOUT,
        /** The response body is larger than its size limit. */
        TOO_LARGE,
        /** More redirects than allowed, or a redirect to somewhere that cannot be followed. */
        REDIRECTS
    }

    private final Reason reason;

    public OutboundHttpException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public OutboundHttpException(Reason reason, String message, Throwable cause) {
        super(message, cause, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
