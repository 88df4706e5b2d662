package dev.gathering.platform.security;

/** Checks a bearer token: signature, expiry and revocation. Implemented by the auth feature. */
public interface BearerTokenVerifier {

    Verification verify(String token);

    sealed interface Verification {
    }

    record Valid(AuthenticatedUser user) implements Verification {
    }

    record Invalid(String reason) implements Verification {
    }

    /** The token could not be checked (its revocation status is unknown): the request is refused, never let in. */
    record Unavailable(String reason) implements Verification {
    }
}
