package dev.gathering.auth;

import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.security.Principals;
import org.springframework.stereotype.Component;

/** {@link Principals} from the users' current standing (the same cached answers authentication uses). */
@Component
class UserPrincipals implements Principals {

    private final Accounts accounts;

    UserPrincipals(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public AuthenticatedUser actingAs(String userId) {
        if (userId == null || AuthService.ADMIN_ID.equals(userId)) {
            return new AuthenticatedUser(AuthService.ADMIN_ID, null, AuthenticatedUser.ADMIN_ROLE, null, null);
        }
        if (AuthenticatedUser.localDeveloper().id().equals(userId)) {
            return AuthenticatedUser.localDeveloper();
        }
        String role = accounts.of(userId).map(Accounts.Standing::role).orElse(AuthenticatedUser.VIEWER_ROLE);
        return new AuthenticatedUser(userId, null, role, null, null);
    }
}
