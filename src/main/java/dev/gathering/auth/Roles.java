package dev.gathering.auth;

import java.util.List;

import dev.gathering.platform.security.AuthenticatedUser;

/** The roles a user can have, and upstream's name for a member. */
final class Roles {

    static final List<String> ALL = List.of(AuthenticatedUser.ADMIN_ROLE, AuthenticatedUser.MEMBER_ROLE,
            AuthenticatedUser.VIEWER_ROLE);

    private Roles() {
    }

    /** "user" (upstream's name, in older tokens) and a missing role are a member; an unknown role is a viewer. */
    static String normalize(String role) {
        if (role == null || role.isBlank() || AuthenticatedUser.USER_ROLE.equals(role)) {
            return AuthenticatedUser.MEMBER_ROLE;
        }
        return ALL.contains(role) ? role : AuthenticatedUser.VIEWER_ROLE;
    }
}
