package dev.gathering.platform.security;

import java.time.Instant;

import dev.gathering.platform.web.ApiException;

/**
 * Who is calling: the principal of every authenticated request.
 *
 * @param id        the token subject: "admin" for the environment administrator, a user's external UUID otherwise
 * @param token     the bearer token presented (null for the local user of an auth-disabled server)
 * @param expiresAt when that token expires
 */
public record AuthenticatedUser(String id, String email, String role, String token, Instant expiresAt) {

    public static final String ADMIN_ROLE = "admin";
    /** The default role of a registered user (upstream's "user"). */
    public static final String MEMBER_ROLE = "member";
    /** Read-only. */
    public static final String VIEWER_ROLE = "viewer";
    /** Upstream's name for a member; tokens and rows carrying it are members. */
    public static final String USER_ROLE = "user";

    /** The caller of a server started with GATHERING_AUTH_DISABLED=true (local development only). */
    public static AuthenticatedUser localDeveloper() {
        return new AuthenticatedUser("local", "local@localhost", ADMIN_ROLE, null, null);
    }

    public boolean isAdmin() {
        return ADMIN_ROLE.equals(role);
    }

    public boolean isViewer() {
        return VIEWER_ROLE.equals(role);
    }

    public boolean isEnvironmentAdmin() {
        return "admin".equals(id) && isAdmin();
    }

    public void requireAdmin() {
        if (!isAdmin()) {
            throw ApiException.forbidden("Admin access required");
        }
    }
}
