package dev.gathering.auth;

import dev.gathering.platform.security.ViewersAllowed;
import dev.gathering.platform.security.AdminOnly;
import dev.gathering.platform.ratelimit.RateLimited;
import dev.gathering.platform.ratelimit.Tier;
import dev.gathering.platform.security.AuthenticatedUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/auth")
@Validated
class AuthController {

    record LoginRequest(@NotBlank @Email String email, @NotBlank String password) {
    }

    record RegisterRequest(@NotBlank @Email @Size(max = 255) String email,
                           @NotBlank @Size(min = 8, max = 128) String password,
                           @NotBlank @Size(max = 100) String name) {
    }

    record LogoutResponse(String message, String userId) {
    }

    /** What an administrator may change about a user; absent fields stay as they are. */
    record UserUpdate(@Pattern(regexp = "admin|member|viewer", message = "must be one of admin, member, viewer") String role,
                      Boolean isActive) {
    }

    private final AuthService auth;
    private final TokenBlacklist blacklist;

    AuthController(AuthService auth, TokenBlacklist blacklist) {
        this.auth = auth;
        this.blacklist = blacklist;
    }

    /** OAuth2 password form: {@code username} is the e-mail. */
    @PostMapping(path = "/login", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    @RateLimited(Tier.AUTH)
    AuthService.TokenResponse login(@RequestParam String username, @RequestParam String password,
                                    HttpServletRequest request) {
        return auth.login(username, password, request);
    }

    @PostMapping("/login/json")
    @RateLimited(Tier.AUTH)
    AuthService.TokenResponse loginJson(@Valid @RequestBody LoginRequest body, HttpServletRequest request) {
        return auth.login(body.email(), body.password(), request);
    }

    @PostMapping("/register")
    @ResponseStatus(HttpStatus.CREATED)
    @RateLimited(Tier.AUTH)
    AuthService.UserResponse register(@Valid @RequestBody RegisterRequest body, HttpServletRequest request) {
        return auth.register(body.email(), body.password(), body.name(), request);
    }

    @GetMapping("/me")
    @RateLimited(Tier.READ)
    AuthService.UserResponse me(@AuthenticationPrincipal AuthenticatedUser caller) {
        return auth.me(caller);
    }

    @PostMapping("/verify")
    @RateLimited(Tier.WRITE)
    @ViewersAllowed
    AuthService.Verification verify(@AuthenticationPrincipal AuthenticatedUser caller) {
        return auth.verify(caller);
    }

    @PostMapping("/logout")
    @RateLimited(Tier.WRITE)
    @ViewersAllowed
    LogoutResponse logout(@AuthenticationPrincipal AuthenticatedUser caller, HttpServletRequest request) {
        auth.logout(caller, request);
        return new LogoutResponse("Successfully logged out", caller.id());
    }

    @GetMapping("/users")
    @RateLimited(Tier.READ)
    @AdminOnly
    AuthService.UserPage users(@RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit,
                               @RequestParam(defaultValue = "0") @Min(0) int offset) {
        return auth.users(limit, offset);
    }

    @PatchMapping("/users/{userId}")
    @RateLimited(Tier.WRITE)
    @AdminOnly
    AuthService.UserResponse updateUser(@PathVariable @Size(max = 36) String userId, @Valid @RequestBody UserUpdate body,
                                        @AuthenticationPrincipal AuthenticatedUser caller, HttpServletRequest request) {
        return auth.update(caller, userId, body.role(), body.isActive(), request);
    }

    @GetMapping("/blacklist/stats")
    @RateLimited(Tier.READ)
    @AdminOnly
    TokenBlacklist.Stats blacklistStats() {
        return blacklist.stats();
    }
}
