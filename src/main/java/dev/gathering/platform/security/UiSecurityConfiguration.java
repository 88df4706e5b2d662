package dev.gathering.platform.security;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.gathering.platform.web.ClientAddresses;
import dev.gathering.platform.web.Problems;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * The web UI's own security chain, for {@code /ui/**} only, ahead of the API's. It is the only place the session
 * cookie is accepted (and the cookie's path keeps browsers from sending it anywhere else), with a CSRF token on
 * every state change ({@link SessionCookieFilter}). There is no CORS here: no other origin may read a UI answer.
 * Public: the sign-in page and the static assets. A request that needs a session and has none (or an expired
 * one) is sent to the sign-in page when it is a page navigation, told where to go ({@code HX-Redirect}) when it is
 * an htmx request, and answered 401 problem+json otherwise (event streams, scripts).
 */
@Configuration(proxyBeanMethods = false)
class UiSecurityConfiguration {

    static final String SIGN_IN = "/ui/login";

    @Bean
    @Order(1)
    SecurityFilterChain ui(HttpSecurity http, BearerTokenVerifier verifier, CsrfTokens csrf, Problems problems,
                           ClientAddresses clients,
                           @Value("${gathering.auth.disabled:false}") boolean authDisabled) throws Exception {
        http.securityMatcher("/ui/**")
                .csrf(c -> c.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .headers(headers -> headers.disable())
                .cors(cors -> cors.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new SessionCookieFilter(verifier, csrf, problems, authDisabled), AnonymousAuthenticationFilter.class)
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, exception) -> signInRequired(request, response, problems, clients))
                        .accessDeniedHandler((request, response, exception) -> problems.write(request, response,
                                HttpStatus.FORBIDDEN, "Access denied", Map.of(), HttpHeaders.EMPTY)))
                .authorizeHttpRequests(rules -> rules
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers(SIGN_IN, "/ui/assets/**", "/ui/vendor/**").permitAll()
                        .anyRequest().authenticated());
        return http.build();
    }

    private static void signInRequired(HttpServletRequest request, HttpServletResponse response, Problems problems,
                                       ClientAddresses clients) throws IOException {
        var failure = (BearerTokenFilter.Failure) request.getAttribute(BearerTokenFilter.FAILURE_ATTRIBUTE);
        if (failure != null && failure.status() == 503) {
            HttpHeaders headers = new HttpHeaders();
            headers.set(HttpHeaders.RETRY_AFTER, "5");
            problems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, failure.detail(), Map.of(), headers);
            return;
        }
        boolean expired = request.getAttribute(SessionCookieFilter.EXPIRED_ATTRIBUTE) != null;
        if (expired) {
            SessionCookies.end(response, clients.isHttps(request));
        }
        String target = SIGN_IN + (expired ? "?expired=1" : "");
        if (request.getHeader("HX-Request") != null) {
            response.setHeader("HX-Redirect", target);
            problems.write(request, response, HttpStatus.UNAUTHORIZED, "Sign in first", Map.of(), HttpHeaders.EMPTY);
            return;
        }
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if ("GET".equals(request.getMethod()) && accept != null && accept.contains("text/html")) {
            String next = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
            response.sendRedirect(target + (expired ? "&" : "?") + "next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            return;
        }
        problems.write(request, response, HttpStatus.UNAUTHORIZED,
                expired ? "Your session has expired: sign in again" : "Sign in first", Map.of(), HttpHeaders.EMPTY);
    }
}
