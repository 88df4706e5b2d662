package dev.gathering.platform.db;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run by GatheRing itself (zonky binaries), its data directory kept under
 * GATHERING_HOME so data survives restarts. It listens on a free port on the loopback interface only.
 */
public final class EmbeddedDatabaseServer implements DatabaseServer {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseServer.class);
    static final String DATABASE = "gathering";

    private final EmbeddedPostgres postgres;
    private final DatabaseUrl url;

    private EmbeddedDatabaseServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        this.url = new DatabaseUrl(postgres.getJdbcUrl("postgres", DATABASE), "postgres", null);
    }

    public static EmbeddedDatabaseServer start(Path dataDirectory) {
        long started = System.nanoTime();
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    // stopped by Spring after the pool closes, not by zonky's own hook racing the graceful shutdown
                    .setRegisterShutdownHook(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200")
                    .setPGStartupWait(Duration.ofSeconds(20))
                    .start();
        } catch (IOException e) {
            throw new DatabaseUnavailableException("the embedded PostgreSQL in " + dataDirectory + " did not start: "
                    + e.getMessage(), e);
        }
        createDatabaseIfMissing(postgres);
        log.info("Embedded PostgreSQL started on port {} with data in {} ({} ms)", postgres.getPort(), dataDirectory,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        return new EmbeddedDatabaseServer(postgres);
    }

    private static void createDatabaseIfMissing(EmbeddedPostgres postgres) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (var rows = exists.executeQuery()) {
                if (!rows.next()) {
                    try (var create = connection.createStatement()) {
                        create.execute("CREATE DATABASE " + DATABASE);
                    }
                }
            }
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("the embedded PostgreSQL started but its database could not be created: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public DatabaseUrl url() {
        return url;
    }

    @Override
    public boolean embedded() {
        return true;
    }

    @Override
    public void close() {
        try {
            postgres.close();
            log.info("Embedded PostgreSQL stopped");
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }
}
