package dev.gathering.auth;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gathering.platform.cache.Caches;
import org.springframework.stereotype.Component;

/**
 * The current role and state of database users, as authentication needs them on every request: a token says what the
 * user was when it was issued, this says what they are now (an admin may have changed the role or deactivated them).
 * Answers are kept for {@code gathering.auth.blacklist-recheck} (5 s), and forgotten at once on this instance when
 * {@link #changed} is told.
 */
@Component
class Accounts {

    record Standing(String role, boolean active) {
    }

    private static final Standing GONE = new Standing(null, false);

    private final UserRepository users;
    private final Cache<String, Standing> standings;

    Accounts(UserRepository users, AuthProperties properties, Caches caches) {
        this.users = users;
        Duration recheck = properties.blacklistRecheck();
        this.standings = caches.build("auth.user_standings", Caffeine.newBuilder()
                .maximumSize(properties.blacklistCacheSize()).expireAfterWrite(recheck));
    }

    /** Throws {@link org.springframework.dao.DataAccessException} when the database cannot answer. */
    Optional<Standing> of(String externalId) {
        Standing standing = standings.get(externalId, id -> users.findByExternalId(id)
                .map(user -> new Standing(Roles.normalize(user.role()), user.isActive())).orElse(GONE));
        return standing == GONE || !standing.active() ? Optional.empty() : Optional.of(standing);
    }

    void changed(String externalId) {
        standings.invalidate(externalId);
    }
}
