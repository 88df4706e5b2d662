package dev.gathering.platform.db;

/** The PostgreSQL server the application talks to: a configured one, or the embedded one it started itself. */
public interface DatabaseServer extends AutoCloseable {

    DatabaseUrl url();

    boolean embedded();

    @Override
    default void close() {
    }
}
