/**
 * Rate limits by tier ({@link dev.gathering.platform.ratelimit.RateLimited} on every handler), in memory or in Redis.
 */
package dev.gathering.platform.ratelimit;
