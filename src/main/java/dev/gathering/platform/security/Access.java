package dev.gathering.platform.security;

import dev.gathering.platform.web.ApiException;

/**
 * The one object-level access rule every feature applies (see docs/architecture.md, "Access control").
 *
 * <ul>
 *   <li>Every resource records {@code owner_id}: the {@link AuthenticatedUser#id()} of the caller who created it.</li>
 *   <li>Admins read and change everything.</li>
 *   <li>Members read shared resources and change or delete only what they own (or what belongs to a circle they
 *       own); viewers only read.</li>
 *   <li>Refusals: a resource the caller may <em>see</em> but not change is a 403 with a sentence saying why; a
 *       resource the caller may not even see (another user's private data: chat history, usage) is a 404, as if it
 *       did not exist, so that its existence does not leak.</li>
 * </ul>
 */
public final class Access {

    private Access() {
    }

    /** True when the caller is an admin or the owner. A resource without owner belongs to the admins. */
    public static boolean owns(AuthenticatedUser caller, String ownerId) {
        return caller.isAdmin() || (ownerId != null && ownerId.equals(caller.id()));
    }

    /** Refuses viewers (read-only) any change. */
    public static void requireWriter(AuthenticatedUser caller) {
        if (caller.isViewer()) {
            throw ApiException.forbidden("Viewers have read-only access; ask an admin for the member role");
        }
    }

    /**
     * Refuses a change of a visible resource the caller does not own: 403 "Only the owner of {what} or an admin can
     * change it". {@code what} names the resource as a user would, e.g. {@code "agent 5"} or {@code "circle 'core'"}.
     */
    public static void requireOwner(AuthenticatedUser caller, String ownerId, String what) {
        requireWriter(caller);
        if (!owns(caller, ownerId)) {
            throw ApiException.forbidden("Only the owner of " + what + " or an admin can change it");
        }
    }

    /** Hides a private resource of another user: 404 with the same detail as a missing one. */
    public static void requireVisible(AuthenticatedUser caller, String ownerId, String notFoundDetail) {
        if (!owns(caller, ownerId)) {
            throw ApiException.notFound(notFoundDetail);
        }
    }
}
