/**
 * Plumbing shared by every feature (web, security, rate limits, database, events, caches, configuration). It depends on
 * no feature: features depend on it, and plug into it through its interfaces (a module-boundary test checks this).
 */
package dev.gathering.platform;
