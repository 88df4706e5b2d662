package dev.gathering.platform.security;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;

/**
 * The web UI's browser session: the same JWT as a bearer token, in an {@code HttpOnly}, {@code SameSite=Strict}
 * cookie ({@code Secure} when the browser came over HTTPS, directly or through a trusted proxy) whose path is {@code /ui}, so that the browser never sends it to the JSON
 * API, which therefore cannot be driven by it (see {@code UiSecurityConfiguration}).
 */
public final class SessionCookies {

    public static final String SESSION = "gathering_session";
    /** The nonce a sign-in form's CSRF token is bound to. */
    public static final String SIGN_IN_NONCE = "gathering_sign_in";
    public static final String PATH = "/ui";

    private static final SecureRandom RANDOM = new SecureRandom();

    private SessionCookies() {
    }

    /** {@code https}: whether the browser came over HTTPS ({@code ClientAddresses.isHttps}). */
    public static void start(HttpServletResponse response, boolean https, String token, Instant expiresAt) {
        Duration lifetime = Duration.between(Instant.now(), expiresAt);
        write(response, cookie(https, SESSION, token).maxAge(lifetime.isNegative() ? Duration.ZERO : lifetime).build());
    }

    public static void end(HttpServletResponse response, boolean https) {
        write(response, cookie(https, SESSION, "").maxAge(Duration.ZERO).build());
    }

    /** A fresh nonce for a sign-in form, set as a short-lived cookie. */
    public static String newSignInNonce(HttpServletResponse response, boolean https) {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        write(response, cookie(https, SIGN_IN_NONCE, nonce).maxAge(Duration.ofHours(1)).build());
        return nonce;
    }

    public static String read(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (cookie.getName().equals(name) && cookie.getValue() != null && !cookie.getValue().isBlank()) {
                return cookie.getValue();
            }
        }
        return null;
    }

    private static ResponseCookie.ResponseCookieBuilder cookie(boolean https, String name, String value) {
        return ResponseCookie.from(name, value).path(PATH).httpOnly(true).sameSite("Strict").secure(https);
    }

    private static void write(HttpServletResponse response, ResponseCookie cookie) {
        response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
    }
}
