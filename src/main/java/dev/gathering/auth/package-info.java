/**
 * Users, login, registration, tokens (JWT, revocation) and roles: the implementation of the platform's
 * {@link dev.gathering.platform.security.BearerTokenVerifier}, and the administrators' user management.
 */
package dev.gathering.auth;
