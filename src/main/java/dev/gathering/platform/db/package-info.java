/**
 * The database: PostgreSQL (embedded or configured), the pool, row mapping helpers.
 */
package dev.gathering.platform.db;
