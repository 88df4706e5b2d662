package dev.gathering.platform.security;

import java.util.Set;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The role checks of every request, in one place, after authentication and before rate limiting and the handler:
 * {@link AdminOnly} operations refuse non-admins, and viewers may only read (GET, or an operation marked
 * {@link ViewersAllowed}). Which objects a caller may change is the handlers' business, through {@link Access}.
 */
@Configuration(proxyBeanMethods = false)
public class AccessInterceptor implements HandlerInterceptor, WebMvcConfigurer {

    /** The access level of an operation, as the OpenAPI document declares it ({@code x-access}). */
    public enum Level {
        /** no token needed */
        PUBLIC,
        /** any signed-in user, viewers included */
        VIEWER,
        /** members and admins: a state change */
        MEMBER,
        /** admins only */
        ADMIN;

        public String value() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    /** The level a handler method requires for {@code httpMethod}, ignoring whether its path is public. */
    public static Level levelOf(HandlerMethod handler, String httpMethod) {
        if (annotated(handler, AdminOnly.class)) {
            return Level.ADMIN;
        }
        return READS.contains(httpMethod) || annotated(handler, ViewersAllowed.class) ? Level.VIEWER : Level.MEMBER;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).order(-100);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getDispatcherType() != DispatcherType.REQUEST || !(handler instanceof HandlerMethod method)) {
            return true;
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof AuthenticatedUser caller)) {
            // a public route; protected ones never get here without a principal
            return true;
        }
        switch (levelOf(method, request.getMethod())) {
            case ADMIN -> caller.requireAdmin();
            case MEMBER -> Access.requireWriter(caller);
            default -> {
            }
        }
        return true;
    }

    private static boolean annotated(HandlerMethod handler, Class<? extends java.lang.annotation.Annotation> annotation) {
        return AnnotatedElementUtils.hasAnnotation(handler.getMethod(), annotation)
                || AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), annotation);
    }
}
