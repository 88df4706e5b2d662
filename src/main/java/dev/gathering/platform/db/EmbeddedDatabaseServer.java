package dev.gathering.platform.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
        stopOrphan(dataDirectory);
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

    /**
     * A GatheRing that died without stopping its PostgreSQL (killed, crashed) leaves it running on the data directory;
     * such an orphan (no Java parent any more) is stopped before ours starts. A PostgreSQL whose GatheRing is alive
     * is another server using this home: starting would fail, so say so.
     */
    static void stopOrphan(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
        } catch (IOException | RuntimeException e) {
            return; // unreadable: PostgreSQL itself deals with stale pid files
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().command().map(command -> command.endsWith("postgres")).orElse(false));
        if (process.isEmpty()) {
            return;
        }
        // started by a GatheRing JVM, it is that JVM's child; an orphan has been handed to init (or a subreaper)
        Optional<ProcessHandle> parent = process.get().parent().filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().command().map(command -> command.endsWith("/java")).orElse(false));
        if (parent.isPresent()) {
            throw new DatabaseUnavailableException("the embedded PostgreSQL in " + dataDirectory
                    + " is in use by another process (pid " + parent.get().pid()
                    + "); stop that GatheRing or set another GATHERING_HOME");
        }
        log.warn("Stopping the embedded PostgreSQL (pid {}) left running by a previous GatheRing", pid);
        process.get().destroy();
        try {
            process.get().onExit().get(15, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            process.get().destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // it is gone either way
        }
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
