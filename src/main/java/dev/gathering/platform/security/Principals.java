package dev.gathering.platform.security;

/**
 * The principal of work done for a user without a request of theirs (an agent's tool call in their chat, a job
 * acting as the owner of what it runs). Implemented by the auth feature.
 */
public interface Principals {

    /**
     * The user with this id as they stand now, holding no token: the environment administrator and the local user of
     * an auth-disabled server are admins; a database user has their current role; an unknown or deactivated user is a
     * viewer, so that nothing is changed in their name. A null id is the environment administrator (work that
     * predates ownership).
     */
    AuthenticatedUser actingAs(String userId);
}
