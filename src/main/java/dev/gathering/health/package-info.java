/**
 * Health, readiness and liveness probes, host and feature checks, Prometheus metrics. Features contribute through
 * {@link dev.gathering.health.HealthContributor}.
 */
package dev.gathering.health;
