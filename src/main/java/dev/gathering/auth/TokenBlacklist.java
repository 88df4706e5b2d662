package dev.gathering.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.gathering.platform.cache.Caches;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Revoked tokens. The database ({@code auth.token_blacklist}, SHA-256 of the token) is the truth, so a revoked
 * token stays refused after a restart and on every instance. A bounded cache in front, keyed by the token itself
 * so that a hit costs no hashing, keeps a revocation until the token would have expired anyway, and a
 * "not revoked" answer for a few seconds ({@code gathering.auth.blacklist-recheck}). A database error while checking gives {@link Status#UNKNOWN}: the
 * caller refuses the request (fail closed).
 */
@Component
public class TokenBlacklist {

    private static final Logger log = LoggerFactory.getLogger(TokenBlacklist.class);

    public enum Status { REVOKED, NOT_REVOKED, UNKNOWN }

    public record Stats(long cacheSize, long cacheMaxSize, long dbActiveTokens) {
    }

    private record Answer(boolean revoked, Instant until) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Cache<String, Answer> answers;
    private final int cacheMaxSize;

    public TokenBlacklist(JdbcClient jdbc, Clock clock, AuthProperties properties, Caches caches) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.cacheMaxSize = properties.blacklistCacheSize();
        Duration recheck = properties.blacklistRecheck();
        this.answers = caches.build("auth.token_blacklist", Caffeine.newBuilder()
                .maximumSize(cacheMaxSize)
                .expireAfter(Expiry.<String, Answer>creating((token, answer) -> answer.revoked()
                        ? positive(Duration.between(clock.instant(), answer.until()))
                        : recheck)));
    }

    public Status status(String token) {
        Answer cached = answers.getIfPresent(token);
        if (cached != null) {
            return cached.revoked() ? Status.REVOKED : Status.NOT_REVOKED;
        }
        String hash = hash(token);
        try {
            OffsetDateTime until = jdbc.sql("SELECT expires_at FROM auth.token_blacklist WHERE token_hash = ? AND expires_at > now()")
                    .param(hash)
                    .query(OffsetDateTime.class)
                    .optional()
                    .orElse(null);
            answers.put(token, new Answer(until != null, until == null ? null : until.toInstant()));
            return until != null ? Status.REVOKED : Status.NOT_REVOKED;
        } catch (DataAccessException e) {
            log.warn("Cannot read the token blacklist, refusing the token: {}", e.getMostSpecificCause().getMessage());
            return Status.UNKNOWN;
        }
    }

    /** Revokes a token until its own expiry; an already expired token needs no entry. */
    public void revoke(String token, String userId, Instant expiresAt, String reason) {
        if (!expiresAt.isAfter(clock.instant())) {
            return;
        }
        String hash = hash(token);
        jdbc.sql("""
                INSERT INTO auth.token_blacklist (token_hash, expires_at, user_id, reason)
                VALUES (?, ?, ?, ?)
                ON CONFLICT (token_hash) DO NOTHING""")
                .params(hash, OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC), userId, reason)
                .update();
        answers.put(token, new Answer(true, expiresAt));
    }

    public Stats stats() {
        long active = jdbc.sql("SELECT count(*) FROM auth.token_blacklist WHERE expires_at > now()")
                .query(Long.class).single();
        answers.cleanUp();
        return new Stats(answers.estimatedSize(), cacheMaxSize, active);
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    void deleteExpired() {
        int deleted = jdbc.sql("DELETE FROM auth.token_blacklist WHERE expires_at <= now()").update();
        if (deleted > 0) {
            log.debug("Removed {} expired blacklist entries", deleted);
        }
    }

    static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Duration positive(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }
}
