package dev.gathering.platform.db;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param url         a real PostgreSQL server ({@code postgresql://user:pass@host:port/db} or JDBC form); blank
 *                    means the embedded server under GATHERING_HOME
 * @param poolMin     connections kept open
 * @param poolMax     connections at most
 * @param connectTimeout how long start-up waits for the server before giving up
 */
@ConfigurationProperties("gathering.db")
public record DatabaseProperties(
        String url,
        @DefaultValue("4") int poolMin,
        @DefaultValue("20") int poolMax,
        @DefaultValue("5s") Duration connectTimeout) {

    public DatabaseProperties {
        if (poolMin < 0 || poolMax < 1 || poolMin > poolMax) {
            throw new IllegalArgumentException(
                    "invalid pool size: GATHERING_DB_POOL_MIN=" + poolMin + ", GATHERING_DB_POOL_MAX=" + poolMax
                            + " (need 0 <= min <= max and max >= 1)");
        }
    }

    public boolean embedded() {
        return url == null || url.isBlank();
    }
}
