package dev.gathering.auth;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param adminEmail         the environment administrator (no database row; token subject "admin")
 * @param adminPassword      its password in clear, hashed at start-up
 * @param adminPasswordHash  or its bcrypt hash
 * @param disabled           serve every request as a local administrator (development only)
 * @param tokenLifetime      lifetime of issued tokens
 * @param bcryptStrength     bcrypt cost of new password hashes
 * @param blacklistCacheSize revocation answers kept in memory
 * @param blacklistRecheck   how long a "not revoked" answer is trusted before the database is asked again
 */
@ConfigurationProperties("gathering.auth")
public record AuthProperties(
        String adminEmail,
        String adminPassword,
        String adminPasswordHash,
        @DefaultValue("false") boolean disabled,
        @DefaultValue("24h") Duration tokenLifetime,
        @DefaultValue("12") int bcryptStrength,
        @DefaultValue("10000") int blacklistCacheSize,
        @DefaultValue("5s") Duration blacklistRecheck) {
}
