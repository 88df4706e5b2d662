package dev.gathering.platform.security;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.gathering.platform.web.Problems;
import jakarta.servlet.DispatcherType;
import dev.gathering.platform.web.WebProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.filter.CorsFilter;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import java.io.IOException;

/**
 * Who may call what. Public: the API root, liveness/readiness/health, login and registration, the API docs and
 * the Prometheus endpoint (which checks its own credentials). Everything else needs a valid bearer token.
 * Authorization failures are problem+json: 401 with {@code WWW-Authenticate: Bearer} and the upstream's messages,
 * 503 when the token's revocation status cannot be read (fail closed), 403 for a forbidden role.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    static final String[] PUBLIC_PATHS = PublicPaths.PATTERNS;

    /** Streams that browsers open without custom headers (WebSocket, EventSource): {@code ?token=} is accepted there. */
    static final Set<String> QUERY_TOKEN_PATHS = Set.of("/ws", "/ws/dashboard", "/ws/chat/**", "/ws/terminal/**", "/events/stream");

    @Bean
    SecurityFilterChain api(HttpSecurity http, BearerTokenVerifier verifier, Problems problems,
                            WebProperties web,
                            @Value("${gathering.auth.disabled:false}") boolean authDisabled,
                            @Value("${gathering.env:development}") String environment) throws Exception {
        if (authDisabled) {
            if ("production".equalsIgnoreCase(environment)) {
                throw new IllegalStateException("GATHERING_AUTH_DISABLED=true is refused when GATHERING_ENV=production");
            }
            log.warn("************************************************************************************");
            log.warn("AUTHENTICATION IS DISABLED (GATHERING_AUTH_DISABLED=true): every request without a token");
            log.warn("is served as a local administrator. For local development only; never expose this server.");
            log.warn("************************************************************************************");
        }
        http.csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .headers(headers -> headers.disable())
                .cors(c -> c.disable())
                .addFilterBefore(corsFilter(web, problems), AnonymousAuthenticationFilter.class)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BearerTokenFilter(verifier, authDisabled, QUERY_TOKEN_PATHS), AnonymousAuthenticationFilter.class)
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, exception) -> {
                            var failure = (BearerTokenFilter.Failure) request.getAttribute(BearerTokenFilter.FAILURE_ATTRIBUTE);
                            if (failure != null && failure.status() == 503) {
                                HttpHeaders headers = new HttpHeaders();
                                headers.set(HttpHeaders.RETRY_AFTER, "5");
                                problems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, failure.detail(), Map.of(), headers);
                                return;
                            }
                            HttpHeaders headers = new HttpHeaders();
                            headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
                            problems.write(request, response, HttpStatus.UNAUTHORIZED,
                                    failure == null ? "Missing authentication token" : failure.detail(), Map.of(), headers);
                        })
                        .accessDeniedHandler((request, response, exception) -> problems.write(request, response,
                                HttpStatus.FORBIDDEN, "Access denied", Map.of(), HttpHeaders.EMPTY)))
                .authorizeHttpRequests(rules -> {
                    if (authDisabled) {
                        rules.anyRequest().permitAll();
                    } else {
                        // an async dispatch resumes a request that was authorized when it began (an SSE stream ending)
                        rules.dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
                                .requestMatchers(HttpMethod.OPTIONS, "/**").permitAll()
                                .requestMatchers(PUBLIC_PATHS).permitAll()
                                .anyRequest().authenticated();
                    }
                });
        return http.build();
    }

    /** URLs the firewall refuses ({@code ;}, {@code //}, {@code ..}, encoded separators): 400 problem+json. */
    @Bean
    RequestRejectedHandler requestRejectedHandler(Problems problems) {
        return (request, response, exception) -> problems.write(request, response, HttpStatus.BAD_REQUEST,
                "The request URL is refused: it contains ';', '//', '..', an encoded '/', '%' or '\\', "
                        + "or a character that is not allowed", Map.of(), HttpHeaders.EMPTY);
    }

    /** CORS as configured; a refused cross-origin request is a 403 problem+json saying why. */
    private static CorsFilter corsFilter(WebProperties properties, Problems problems) {
        CorsFilter filter = new CorsFilter(cors(properties));
        filter.setCorsProcessor(new DefaultCorsProcessor() {
            @Override
            public boolean processRequest(CorsConfiguration configuration, jakarta.servlet.http.HttpServletRequest request,
                                          jakarta.servlet.http.HttpServletResponse response) throws IOException {
                if (super.processRequest(configuration, request, response)) {
                    return true;
                }
                problems.write(request, response, HttpStatus.FORBIDDEN, "Cross-origin request refused: its origin, "
                        + "method or headers are not allowed (see GATHERING_CORS_ORIGINS)", Map.of(), HttpHeaders.EMPTY);
                return false;
            }

            @Override
            protected void rejectRequest(ServerHttpResponse response) {
                // the problem body is written by processRequest, which knows the request
            }
        });
        return filter;
    }

    private static CorsConfigurationSource cors(WebProperties properties) {
        CorsConfiguration configuration = new CorsConfiguration();
        configuration.setAllowedOrigins(properties.corsOrigins().stream().map(String::trim).filter(s -> !s.isEmpty()).toList());
        configuration.setAllowCredentials(true);
        configuration.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"));
        configuration.setAllowedHeaders(List.of("Authorization", "Content-Type", "X-Request-ID", "Last-Event-ID"));
        configuration.setExposedHeaders(List.of("X-Request-ID", "X-RateLimit-Limit", "X-RateLimit-Remaining",
                "X-RateLimit-Reset", "Retry-After", "Location"));
        configuration.setMaxAge(600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", configuration);
        return source;
    }
}
