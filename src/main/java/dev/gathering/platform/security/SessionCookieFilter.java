package dev.gathering.platform.security;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.gathering.platform.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates the web UI's requests ({@code /ui/**} only). A request with an {@code Authorization} header is
 * handled exactly as on the API (by the {@link BearerTokenFilter}); otherwise the session cookie's token is checked
 * the same way (signature, expiry, revocation). Whatever authenticated a request other than that header (the
 * cookie, or the local developer of an auth-disabled server) is ambient authority, so every state-changing request
 * must then carry the page's CSRF token ({@link CsrfTokens#HEADER} or the {@link CsrfTokens#PARAMETER} field): a
 * refusal is a 403 before anything runs. A cookie that no longer verifies is remembered on the request, so that the
 * entry point sends the browser to the sign-in page saying the session expired.
 */
class SessionCookieFilter extends OncePerRequestFilter {

    static final String EXPIRED_ATTRIBUTE = SessionCookieFilter.class.getName() + ".expired";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final BearerTokenFilter bearer;
    private final BearerTokenVerifier verifier;
    private final CsrfTokens csrf;
    private final Problems problems;
    private final boolean authDisabled;

    SessionCookieFilter(BearerTokenVerifier verifier, CsrfTokens csrf, Problems problems, boolean authDisabled) {
        this.bearer = new BearerTokenFilter(verifier, authDisabled, Set.of());
        this.verifier = verifier;
        this.csrf = csrf;
        this.problems = problems;
        this.authDisabled = authDisabled;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && !header.isBlank()) {
            bearer.doFilter(request, response, chain);
            return;
        }
        AuthenticatedUser user = fromCookie(request);
        if (user == null && authDisabled) {
            user = AuthenticatedUser.localDeveloper();
        }
        if (user != null) {
            // the sign-in form carries its own token, bound to its nonce (checked where it is handled)
            boolean signIn = request.getRequestURI().equals(UiSecurityConfiguration.SIGN_IN);
            if (!SAFE_METHODS.contains(request.getMethod()) && !signIn && !csrf.matchesUser(user, presentedToken(request))) {
                problems.write(request, response, HttpStatus.FORBIDDEN,
                        "Missing or invalid CSRF token: reload the page and try again", Map.of(), HttpHeaders.EMPTY);
                return;
            }
            var authentication = new UsernamePasswordAuthenticationToken(user, null,
                    List.of(new SimpleGrantedAuthority("ROLE_" + user.role().toUpperCase())));
            SecurityContextHolder.getContext().setAuthentication(authentication);
        }
        chain.doFilter(request, response);
    }

    private AuthenticatedUser fromCookie(HttpServletRequest request) {
        String token = SessionCookies.read(request, SessionCookies.SESSION);
        if (token == null) {
            return null;
        }
        return switch (verifier.verify(token)) {
            case BearerTokenVerifier.Valid valid -> valid.user();
            case BearerTokenVerifier.Invalid invalid -> {
                request.setAttribute(EXPIRED_ATTRIBUTE, Boolean.TRUE);
                yield null;
            }
            case BearerTokenVerifier.Unavailable unavailable -> {
                request.setAttribute(BearerTokenFilter.FAILURE_ATTRIBUTE, new BearerTokenFilter.Failure(503, unavailable.reason()));
                yield null;
            }
        };
    }

    private static String presentedToken(HttpServletRequest request) {
        String header = request.getHeader(CsrfTokens.HEADER);
        return header != null && !header.isBlank() ? header.trim() : request.getParameter(CsrfTokens.PARAMETER);
    }
}
