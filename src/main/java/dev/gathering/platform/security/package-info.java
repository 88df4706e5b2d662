/**
 * Authentication (bearer tokens, decided before anything else), the role checks of every request
 * ({@link dev.gathering.platform.security.AdminOnly}, {@link dev.gathering.platform.security.ViewersAllowed}) and the one
 * object-level access rule ({@link dev.gathering.platform.security.Access}); server secrets.
 */
package dev.gathering.platform.security;
