package dev.gathering.auth;

import dev.gathering.platform.ratelimit.RateLimited;
import dev.gathering.platform.ratelimit.Tier;
import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.security.CsrfTokens;
import dev.gathering.platform.security.SessionCookies;
import dev.gathering.platform.ui.Assets;
import dev.gathering.platform.ui.UiController;
import dev.gathering.platform.web.ApiException;
import dev.gathering.platform.web.ClientAddresses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Signing in and out of the web UI. Signing in issues the same token as {@code /auth/login} and keeps it in the
 * session cookie; signing out (a POST with the page's CSRF token) revokes it like {@code /auth/logout}.
 */
@UiController
class AuthPages {

    /** The sign-in page as the template sees it. */
    record SignIn(String csrf, String email, String error, String notice, String next, String stylesheet, String favicon) {
    }

    private final AuthService auth;
    private final CsrfTokens csrf;
    private final Assets assets;
    private final ClientAddresses clients;
    private final boolean authDisabled;

    AuthPages(AuthService auth, CsrfTokens csrf, Assets assets, ClientAddresses clients,
              @Value("${gathering.auth.disabled:false}") boolean authDisabled) {
        this.clients = clients;
        this.auth = auth;
        this.csrf = csrf;
        this.assets = assets;
        this.authDisabled = authDisabled;
    }

    @GetMapping("/ui/login")
    @RateLimited(Tier.READ)
    String signInPage(@RequestParam(required = false) String next, @RequestParam(required = false) String expired,
                      @RequestParam(name = "signed_out", required = false) String signedOut,
                      @AuthenticationPrincipal AuthenticatedUser user,
                      HttpServletRequest request, HttpServletResponse response, Model model) {
        if (user != null) {
            return "redirect:" + safeNext(next);
        }
        String notice = expired != null ? "Your session has expired. Sign in again to continue."
                : signedOut != null ? "You are signed out." : null;
        return render(model, request, response, "", null, notice, next);
    }

    @PostMapping("/ui/login")
    @RateLimited(Tier.AUTH)
    String signIn(@RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String password,
                  @RequestParam(name = "_csrf", defaultValue = "") String token,
                  @RequestParam(required = false) String next,
                  HttpServletRequest request, HttpServletResponse response, Model model) {
        if (!csrf.matchesSignIn(SessionCookies.read(request, SessionCookies.SIGN_IN_NONCE), token)) {
            response.setStatus(HttpStatus.FORBIDDEN.value());
            return render(model, request, response, email, "The sign-in form expired. Please try again.", null, next);
        }
        if (email.isBlank() || password.isBlank()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return render(model, request, response, email, "Enter your e-mail and your password.", null, next);
        }
        AuthService.TokenResponse issued;
        try {
            issued = auth.login(email, password, request);
        } catch (ApiException e) {
            response.setStatus(e.status().value());
            return render(model, request, response, email, e.getMessage(), null, next);
        }
        java.time.Instant expiresAt = java.time.Instant.now().plusSeconds(issued.expiresIn());
        SessionCookies.start(response, clients.isHttps(request), issued.accessToken(), expiresAt);
        return "redirect:" + safeNext(next);
    }

    @PostMapping("/ui/logout")
    @RateLimited(Tier.WRITE)
    String signOut(@AuthenticationPrincipal AuthenticatedUser user, HttpServletRequest request,
                   HttpServletResponse response) {
        if (user.token() != null) {
            auth.logout(user, request);
        }
        SessionCookies.end(response, clients.isHttps(request));
        return authDisabled ? "redirect:/ui/" : "redirect:/ui/login?signed_out=1";
    }

    /** Whether the browser's session is still valid (200 with who, else 401): pages ask when their stream drops. */
    @GetMapping(path = "/ui/session", produces = "application/json")
    @org.springframework.web.bind.annotation.ResponseBody
    @RateLimited(Tier.READ)
    java.util.Map<String, Object> session(@AuthenticationPrincipal AuthenticatedUser user) {
        java.util.Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("user_id", user.id());
        answer.put("email", user.email());
        answer.put("role", user.role());
        answer.put("expires_at", user.expiresAt());
        return answer;
    }

    private String render(Model model, HttpServletRequest request, HttpServletResponse response, String email,
                          String error, String notice, String next) {
        String nonce = SessionCookies.newSignInNonce(response, clients.isHttps(request));
        model.addAttribute("signIn", new SignIn(csrf.forSignIn(nonce), email, error, notice,
                next == null ? "" : safeNext(next), assets.asset("app.css"), assets.asset("favicon.svg")));
        return "auth/login";
    }

    /** Only a path of the UI itself: never another site (no open redirect). */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/ui/") || next.startsWith("//") || next.contains("\\")
                || next.startsWith("/ui/login") || next.startsWith("/ui/events/")) {
            return "/ui/";
        }
        return next;
    }
}
