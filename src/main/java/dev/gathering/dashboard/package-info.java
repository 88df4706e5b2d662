/**
 * The dashboard: the upstream {@code /dashboard} read API (computed from the database, never demo data), the
 * overview and events pages of the web UI, and the redirect of a browser from {@code /} to {@code /ui/}.
 * It reads other features through their public services only.
 */
package dev.gathering.dashboard;
