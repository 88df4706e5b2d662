package dev.gathering.platform.security;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <jwt>} (scheme case-insensitive). It never answers by itself: a
 * failure is recorded on the request and the authorization rules decide, so a public path with a bad token is
 * still served and a protected one gets the precise 401 (or 503 when revocation cannot be checked).
 * On the streaming paths given (WebSocket and SSE, which browsers open without custom headers), a {@code ?token=}
 * query parameter is accepted when there is no header.
 */
public class BearerTokenFilter extends OncePerRequestFilter {

    static final String FAILURE_ATTRIBUTE = BearerTokenFilter.class.getName() + ".failure";

    record Failure(int status, String detail) {
    }

    private final BearerTokenVerifier verifier;
    private final boolean authDisabled;
    private final Set<String> queryTokenPaths;

    public BearerTokenFilter(BearerTokenVerifier verifier, boolean authDisabled, Set<String> queryTokenPaths) {
        this.verifier = verifier;
        this.authDisabled = authDisabled;
        this.queryTokenPaths = Set.copyOf(queryTokenPaths);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        AuthenticatedUser user = authenticate(request);
        if (user == null && authDisabled) {
            user = AuthenticatedUser.localDeveloper();
        }
        if (user != null) {
            var authentication = new UsernamePasswordAuthenticationToken(user, null,
                    List.of(new SimpleGrantedAuthority("ROLE_" + user.role().toUpperCase())));
            SecurityContextHolder.getContext().setAuthentication(authentication);
        }
        chain.doFilter(request, response);
    }

    private AuthenticatedUser authenticate(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        String token;
        if (header == null || header.isBlank()) {
            token = queryToken(request);
            if (token == null) {
                return null;
            }
        } else {
            String[] parts = header.trim().split("\\s+", 2);
            if (parts.length != 2 || !parts[0].equalsIgnoreCase("bearer")) {
                request.setAttribute(FAILURE_ATTRIBUTE, new Failure(401, "Invalid authentication header format"));
                return null;
            }
            token = parts[1].trim();
        }
        return switch (verifier.verify(token)) {
            case BearerTokenVerifier.Valid valid -> valid.user();
            case BearerTokenVerifier.Invalid invalid -> {
                request.setAttribute(FAILURE_ATTRIBUTE, new Failure(401, invalid.reason()));
                yield null;
            }
            case BearerTokenVerifier.Unavailable unavailable -> {
                request.setAttribute(FAILURE_ATTRIBUTE, new Failure(503, unavailable.reason()));
                yield null;
            }
        };
    }

    private String queryToken(HttpServletRequest request) {
        if (queryTokenPaths.isEmpty() || !"GET".equals(request.getMethod())
                || !acceptsQueryToken(request.getRequestURI().substring(request.getContextPath().length()))) {
            return null;
        }
        String token = request.getParameter("token");
        return token == null || token.isBlank() ? null : token.trim();
    }

    /** Paths are exact, or prefixes when they end with {@code /**}. */
    private boolean acceptsQueryToken(String path) {
        for (String accepted : queryTokenPaths) {
            boolean matches = accepted.endsWith("/**")
                    ? path.startsWith(accepted.substring(0, accepted.length() - 2))
                    : path.equals(accepted);
            if (matches) {
                return true;
            }
        }
        return false;
    }
}
