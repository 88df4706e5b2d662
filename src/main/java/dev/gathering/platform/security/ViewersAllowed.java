package dev.gathering.platform.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Viewers may call this POST/PUT/PATCH/DELETE operation: it changes nothing shared (a search, a recall, a check of
 * one's own token, one's own logout). Every other operation that is not a GET is refused to viewers, in one place
 * ({@link AccessInterceptor}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface ViewersAllowed {
}
