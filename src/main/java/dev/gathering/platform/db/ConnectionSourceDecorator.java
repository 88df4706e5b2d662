package dev.gathering.platform.db;

import javax.sql.DataSource;

/**
 * Wraps the source of physical connections that the pool draws from (for instrumentation such as statement
 * counting or tracing). Beans of this type are applied in order when the pool is built.
 */
@FunctionalInterface
public interface ConnectionSourceDecorator {

    DataSource decorate(DataSource connections);
}
