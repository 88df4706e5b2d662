package dev.gathering.auth;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gathering.platform.cache.Caches;
import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.security.ServerSecret;
import dev.gathering.platform.security.BearerTokenVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Service;

/**
 * Issues and checks access tokens: JWT HS256, claims {@code sub}, {@code email}, {@code role}, {@code exp},
 * {@code iat}, {@code jti}. A token is valid when its signature (compared in constant time by Nimbus), expiry and
 * subject are right and it has not been revoked.
 */
@Service
public class TokenService implements BearerTokenVerifier {

    static final String INVALID = "Invalid or expired token";

    public record IssuedToken(String token, Instant expiresAt, long expiresInSeconds) {
    }

    private final MACSigner signer;
    private final MACVerifier verifier;
    private final TokenBlacklist blacklist;
    private final AuthProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Cache<String, AuthenticatedUser> decoded;
    private final Accounts accounts;

    TokenService(ServerSecret key, TokenBlacklist blacklist, AuthProperties properties, Clock clock,
                 MeterRegistry meters, Caches caches, Accounts accounts) {
        this.accounts = accounts;
        try {
            this.signer = new MACSigner(key.bytes());
            this.verifier = new MACVerifier(key.bytes());
        } catch (JOSEException e) {
            throw new IllegalStateException("the signing secret is not usable for HS256: " + e.getMessage(), e);
        }
        this.blacklist = blacklist;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
        // a verified signature does not change: parse and check each token once, then only its expiry
        this.decoded = caches.build("auth.decoded_tokens", Caffeine.newBuilder()
                .maximumSize(properties.blacklistCacheSize())
                .expireAfterWrite(Duration.ofMinutes(10)));
    }

    public IssuedToken issue(String subject, String email, String role) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(properties.tokenLifetime());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .claim("email", email)
                .claim("role", role)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return new IssuedToken(jwt.serialize(), expiresAt, properties.tokenLifetime().toSeconds());
    }

    /** Signature, expiry and subject only: what the token says, before asking whether it was revoked. */
    AuthenticatedUser decode(String token) {
        AuthenticatedUser known = decoded.getIfPresent(token);
        if (known != null) {
            return known.expiresAt().isAfter(clock.instant()) ? known : null;
        }
        AuthenticatedUser user = parse(token);
        if (user != null) {
            decoded.put(token, user);
        }
        return user;
    }

    private AuthenticatedUser parse(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                return null;
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date expiry = claims.getExpirationTime();
            String subject = claims.getSubject();
            if (expiry == null || !expiry.toInstant().isAfter(clock.instant()) || subject == null || subject.isBlank()) {
                return null;
            }
            return new AuthenticatedUser(subject, claims.getStringClaim("email"), Roles.normalize(claims.getStringClaim("role")),
                    token, expiry.toInstant());
        } catch (ParseException | JOSEException | IllegalStateException e) {
            return null;
        }
    }

    /** The user as they stand now: their role may have changed, or they may be gone, since the token was issued. */
    private Verification current(AuthenticatedUser user) {
        if (AuthService.ADMIN_ID.equals(user.id())) {
            // the environment administrator has no row (and no user has this id: theirs are UUIDs)
            return new Valid(user);
        }
        try {
            return accounts.of(user.id())
                    .<Verification>map(standing -> new Valid(standing.role().equals(user.role()) ? user
                            : new AuthenticatedUser(user.id(), user.email(), standing.role(), user.token(), user.expiresAt())))
                    .orElseGet(() -> {
                        meters.counter("gathering.auth.tokens", "outcome", "inactive").increment();
                        return new Invalid("User is inactive or does not exist");
                    });
        } catch (org.springframework.dao.DataAccessException e) {
            meters.counter("gathering.auth.tokens", "outcome", "unverifiable").increment();
            return new Unavailable("The user's account cannot be checked right now; try again shortly");
        }
    }

    @Override
    public Verification verify(String token) {
        AuthenticatedUser user = decode(token);
        if (user == null) {
            meters.counter("gathering.auth.tokens", "outcome", "invalid").increment();
            return new Invalid(INVALID);
        }
        return switch (blacklist.status(token)) {
            case NOT_REVOKED -> current(user);
            case REVOKED -> {
                meters.counter("gathering.auth.tokens", "outcome", "revoked").increment();
                yield new Invalid(INVALID);
            }
            case UNKNOWN -> {
                meters.counter("gathering.auth.tokens", "outcome", "unverifiable").increment();
                yield new Unavailable("Token revocation status cannot be checked right now; try again shortly");
            }
        };
    }
}
