/**
 * Start-up configuration: environment variable aliases, the data directory, the clock, failure reports.
 */
package dev.gathering.platform.config;
