package dev.gathering.platform.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.beans.factory.ObjectProvider;
import dev.gathering.platform.config.GatheringHome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The database: the embedded server when GATHERING_DB_URL is unset, then one HikariCP pool. The pool is opened
 * (and the server probed) while the context starts, before the web server accepts traffic; being a bean that
 * depends on nothing that runs requests, it is destroyed last, and the embedded server after it.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    DatabaseServer databaseServer(DatabaseProperties properties, GatheringHome home) {
        if (properties.embedded()) {
            return EmbeddedDatabaseServer.start(home.directory("pg"));
        }
        DatabaseUrl url = DatabaseUrl.parse(properties.url());
        return new DatabaseServer() {
            @Override
            public DatabaseUrl url() {
                return url;
            }

            @Override
            public boolean embedded() {
                return false;
            }
        };
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseServer server, DatabaseProperties properties,
                                ObjectProvider<ConnectionSourceDecorator> decorators) {
        DatabaseUrl url = server.url();
        probe(url, properties);
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(url.jdbcUrl());
        if (url.username() != null) {
            postgres.setUser(url.username());
        }
        if (url.password() != null) {
            postgres.setPassword(url.password());
        }
        postgres.setConnectTimeout((int) Math.max(1, properties.connectTimeout().toSeconds()));
        postgres.setApplicationName("gathering");
        DataSource connections = postgres;
        for (ConnectionSourceDecorator decorator : decorators.orderedStream().toList()) {
            connections = decorator.decorate(connections);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("gathering");
        config.setDataSource(connections);
        config.setMinimumIdle(properties.poolMin());
        config.setMaximumPoolSize(properties.poolMax());
        config.setConnectionTimeout(properties.connectTimeout().toMillis());
        config.setInitializationFailTimeout(properties.connectTimeout().toMillis());
        HikariDataSource dataSource = new HikariDataSource(config);
        log.info("Database pool open on {} ({} to {} connections{})", url.describe(), properties.poolMin(),
                properties.poolMax(), server.embedded() ? ", embedded server" : "");
        return dataSource;
    }

    /** Fails fast with a one-line reason when the server is unreachable or refuses us. */
    private static void probe(DatabaseUrl url, DatabaseProperties properties) {
        Properties connectProperties = new Properties();
        if (url.username() != null) {
            connectProperties.setProperty("user", url.username());
        }
        if (url.password() != null) {
            connectProperties.setProperty("password", url.password());
        }
        String seconds = String.valueOf(Math.max(1, properties.connectTimeout().toSeconds()));
        connectProperties.setProperty("connectTimeout", seconds);
        connectProperties.setProperty("loginTimeout", seconds);
        connectProperties.setProperty("socketTimeout", seconds);
        try (Connection ignored = DriverManager.getConnection(url.jdbcUrl(), connectProperties)) {
            // reachable
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("cannot connect to PostgreSQL at " + url.describe() + ": "
                    + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = error.getMessage() == null ? root.toString() : error.getMessage();
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
