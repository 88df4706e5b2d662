package dev.gathering.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Real PostgreSQL databases for tests, each new and empty. They live on the machine's PostgreSQL at
 * 127.0.0.1:5432 when it answers (trust auth), otherwise on an embedded PostgreSQL started once for the test JVM.
 * Set GATHERING_TEST_EMBEDDED=true to force the embedded server.
 */
public final class TestDatabases {

    private static final Server SERVER = Server.start();
    private static final String SHARED = create();

    private TestDatabases() {
    }

    /** The database of the shared test application context. */
    public static String shared() {
        return SHARED;
    }

    /** A new empty database; returns its JDBC URL (credentials included). */
    public static String create() {
        String name = "gathering_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection admin = DriverManager.getConnection(SERVER.url("postgres"));
             var statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database: " + e.getMessage(), e);
        }
        return SERVER.url(name);
    }

    public static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url);
    }

    public static String description() {
        return SERVER.description;
    }

    private record Server(String host, int port, String description, EmbeddedPostgres embedded) {

        String url(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database + "?user=postgres";
        }

        static Server start() {
            boolean forceEmbedded = "true".equalsIgnoreCase(System.getenv("GATHERING_TEST_EMBEDDED"));
            if (!forceEmbedded && localServerAnswers()) {
                return new Server("127.0.0.1", 5432, "local PostgreSQL 127.0.0.1:5432", null);
            }
            try {
                Path data = Files.createTempDirectory("gathering-test-pg");
                EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(true)
                        .setServerConfig("max_connections", "300").start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (IOException ignored) {
                        // the JVM is exiting
                    }
                }));
                return new Server("localhost", postgres.getPort(), "embedded PostgreSQL", postgres);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static boolean localServerAnswers() {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", 5432), 500);
            } catch (IOException e) {
                return false;
            }
            try (Connection ignored = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres")) {
                return true;
            } catch (SQLException e) {
                return false;
            }
        }
    }
}
