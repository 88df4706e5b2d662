package dev.gathering.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Login, registration, logout. Login does the same work whatever fails: the administrator check (constant-time
 * e-mail comparison, bcrypt against a dummy hash when no administrator is configured) and the user check (bcrypt
 * against a dummy hash when the e-mail is unknown) both always run, and every failure has the same message.
 */
@Service
public class AuthService {

    private static final Logger log = LoggerFactory.getLogger(AuthService.class);
    static final String BAD_CREDENTIALS = "Incorrect email or password";
    static final String ADMIN_ID = "admin";

    public record TokenResponse(String accessToken, String tokenType, long expiresIn) {
    }

    public record UserResponse(String id, String email, String name, String role, boolean isActive,
                               OffsetDateTime createdAt) {
    }

    public record Verification(boolean valid, String userId, String email, String role, String expiresAt) {
    }

    public record UserPage(List<UserResponse> users, long total, int limit, int offset) {
    }

    private final UserRepository users;
    private final Accounts accounts;
    private final TokenService tokens;
    private final TokenBlacklist blacklist;
    private final SecurityAudit audit;
    private final BCryptPasswordEncoder bcrypt;
    /** bcrypt hashes computed off the start-up path (they take a few hundred ms at cost 12). */
    private record Hashes(String dummy, String admin) {
    }

    private final java.util.concurrent.Future<Hashes> hashes;
    private final String adminEmail;
    private final boolean adminPasswordConfigured;

    AuthService(UserRepository users, TokenService tokens, TokenBlacklist blacklist, SecurityAudit audit,
                AuthProperties properties, Accounts accounts) {
        this.users = users;
        this.accounts = accounts;
        this.tokens = tokens;
        this.blacklist = blacklist;
        this.audit = audit;
        this.bcrypt = new BCryptPasswordEncoder(properties.bcryptStrength());
        validateAdminHash(properties);
        this.adminEmail = blankToNull(properties.adminEmail());
        this.adminPasswordConfigured = blankToNull(properties.adminPasswordHash()) != null
                || blankToNull(properties.adminPassword()) != null;
        var computed = new java.util.concurrent.FutureTask<>(() -> new Hashes(
                bcrypt.encode("gathering-dummy-password-for-constant-time"), adminHash(properties, bcrypt)));
        Thread.ofVirtual().name("bcrypt-warm-up").start(computed);
        this.hashes = computed;
        if (adminEmail != null && !adminPasswordConfigured) {
            log.warn("GATHERING_ADMIN_EMAIL is set without GATHERING_ADMIN_PASSWORD or _PASSWORD_HASH: no administrator can log in");
        } else if (adminEmail != null) {
            log.info("Administrator account: {}", adminEmail);
        }
    }

    public TokenResponse login(String email, String password, HttpServletRequest request) {
        String normalized = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
        String candidate = password == null ? "" : password;
        boolean adminEmailMatches = adminEmail != null && constantTimeEquals(normalized, adminEmail.toLowerCase(Locale.ROOT));
        Hashes known = hashes();
        boolean adminPasswordMatches = matches(candidate, known.admin() != null ? known.admin() : known.dummy());
        if (adminEmailMatches && known.admin() != null && adminPasswordMatches) {
            audit.record(SecurityAudit.Event.AUTH_SUCCESS, ADMIN_ID, "administrator logged in", Map.of("email", normalized), request);
            return token(tokens.issue(ADMIN_ID, adminEmail, AuthenticatedUser.ADMIN_ROLE));
        }
        Optional<User> user = users.findByEmail(normalized);
        boolean passwordMatches = matches(candidate, user.map(User::passwordHash).orElse(known.dummy()));
        if (user.isPresent() && passwordMatches && user.get().isActive()) {
            User found = user.get();
            audit.record(SecurityAudit.Event.AUTH_SUCCESS, found.externalId(), "user logged in", Map.of("email", normalized), request);
            return token(tokens.issue(found.externalId(), found.email(), found.role()));
        }
        String reason = user.isEmpty() ? "unknown email" : !passwordMatches ? "wrong password" : "inactive user";
        audit.record(SecurityAudit.Event.AUTH_FAILURE, user.map(User::externalId).orElse(null), "login failed",
                Map.of("email", normalized, "reason", reason), request);
        throw ApiException.unauthorized(BAD_CREDENTIALS);
    }

    public UserResponse register(String email, String password, String name, HttpServletRequest request) {
        String trimmedEmail = email.trim();
        if (adminEmail != null && trimmedEmail.equalsIgnoreCase(adminEmail)) {
            audit.record(SecurityAudit.Event.REGISTRATION_REJECTED, null, "registration with the administrator's email",
                    Map.of("email", trimmedEmail.toLowerCase(Locale.ROOT)), request);
            throw ApiException.badRequest("Email already registered");
        }
        User created = users.insert(trimmedEmail, name.trim(), bcrypt.encode(password), AuthenticatedUser.MEMBER_ROLE)
                .orElseThrow(() -> {
                    audit.record(SecurityAudit.Event.REGISTRATION_REJECTED, null, "email already registered",
                            Map.of("email", trimmedEmail.toLowerCase(Locale.ROOT)), request);
                    return ApiException.badRequest("Email already registered");
                });
        audit.record(SecurityAudit.Event.USER_REGISTERED, created.externalId(), "user registered",
                Map.of("email", created.email()), request);
        return response(created);
    }

    /** The caller as stored now: a database user must still exist and be active. */
    public UserResponse me(AuthenticatedUser caller) {
        if (caller.isEnvironmentAdmin()) {
            return new UserResponse(ADMIN_ID, caller.email(), "Administrator", AuthenticatedUser.ADMIN_ROLE, true, null);
        }
        if (caller.token() == null) {
            return new UserResponse(caller.id(), caller.email(), "Local developer", caller.role(), true, null);
        }
        return users.findByExternalId(caller.id())
                .filter(User::isActive)
                .map(AuthService::response)
                .orElseThrow(() -> ApiException.unauthorized("User is inactive or does not exist"));
    }

    /** The registered users (the environment administrator has no row and is not listed), oldest first. */
    UserPage users(int limit, int offset) {
        return new UserPage(users.page(limit, offset).stream().map(AuthService::response).toList(), users.count(), limit,
                offset);
    }

    /**
     * An administrator changes a user's role or deactivates them; it applies to the user's tokens within seconds
     * (their standing is re-read, see {@link Accounts}). Nobody changes their own account this way (no lock-out).
     */
    UserResponse update(AuthenticatedUser caller, String externalId, String role, Boolean active, HttpServletRequest request) {
        if (externalId.equals(caller.id())) {
            throw ApiException.conflict("You cannot change your own role or deactivate yourself; ask another administrator");
        }
        User updated = users.update(externalId, role, active)
                .orElseThrow(() -> ApiException.notFound("User " + externalId + " not found"));
        accounts.changed(externalId);
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("by", caller.id());
        details.put("role", updated.role());
        details.put("is_active", updated.isActive());
        audit.record(SecurityAudit.Event.USER_UPDATED, updated.externalId(), "user changed by an administrator", details,
                request);
        return response(updated);
    }

    public Verification verify(AuthenticatedUser caller) {
        me(caller);
        return new Verification(true, caller.id(), caller.email(), caller.role(),
                caller.expiresAt() == null ? null : caller.expiresAt().toString());
    }

    public void logout(AuthenticatedUser caller, HttpServletRequest request) {
        if (caller.token() == null) {
            throw ApiException.badRequest("No token to revoke: this server runs with authentication disabled");
        }
        blacklist.revoke(caller.token(), caller.id(), caller.expiresAt(), "logout");
        audit.record(SecurityAudit.Event.LOGOUT, caller.id(), "token revoked", Map.of(), request);
    }

    private boolean matches(String password, String hash) {
        try {
            return bcrypt.matches(password, hash);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static TokenResponse token(TokenService.IssuedToken issued) {
        return new TokenResponse(issued.token(), "bearer", issued.expiresInSeconds());
    }

    private static UserResponse response(User user) {
        return new UserResponse(user.externalId(), user.email(), user.name(), Roles.normalize(user.role()), user.isActive(),
                user.createdAt());
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private Hashes hashes() {
        try {
            return hashes.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("password hashing failed", e.getCause());
        }
    }

    private static void validateAdminHash(AuthProperties properties) {
        String hash = blankToNull(properties.adminPasswordHash());
        if (hash != null && !hash.matches("^\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}$")) {
            throw new IllegalStateException("GATHERING_ADMIN_PASSWORD_HASH is not a bcrypt hash");
        }
    }

    private static String adminHash(AuthProperties properties, BCryptPasswordEncoder bcrypt) {
        String hash = blankToNull(properties.adminPasswordHash());
        if (hash != null) {
            return hash;
        }
        String password = blankToNull(properties.adminPassword());
        return password == null ? null : bcrypt.encode(password);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
