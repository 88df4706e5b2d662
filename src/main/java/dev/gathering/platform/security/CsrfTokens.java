package dev.gathering.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

/**
 * CSRF tokens of the web UI, derived from the session rather than stored: HMAC-SHA256 (under a key derived from the
 * server secret) of the session's token, so that every instance sharing the secret checks them and signing out
 * invalidates them. The sign-in form, which has no session yet, binds its token to a random nonce cookie instead.
 */
@Component
public class CsrfTokens {

    /** The header htmx requests and the chat stream send; forms send the {@link #PARAMETER} field. */
    public static final String HEADER = "X-CSRF-Token";
    public static final String PARAMETER = "_csrf";

    private final SecretKeySpec key;

    public CsrfTokens(ServerSecret secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.bytes(), "HmacSHA256"));
            this.key = new SecretKeySpec(mac.doFinal("gathering/csrf/v1".getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the CSRF key", e);
        }
    }

    /** The token of a signed-in user's pages. */
    public String forUser(AuthenticatedUser user) {
        return sign("session|" + (user.token() != null ? user.token() : "local|" + user.id()));
    }

    /** The token of the sign-in form shown with {@code nonce}. */
    public String forSignIn(String nonce) {
        return sign("sign-in|" + nonce);
    }

    public boolean matchesUser(AuthenticatedUser user, String presented) {
        return equal(forUser(user), presented);
    }

    public boolean matchesSignIn(String nonce, String presented) {
        return nonce != null && !nonce.isBlank() && equal(forSignIn(nonce), presented);
    }

    private String sign(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign", e);
        }
    }

    private static boolean equal(String expected, String presented) {
        return presented != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }
}
