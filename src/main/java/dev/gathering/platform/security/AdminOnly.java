package dev.gathering.platform.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Only administrators may call this operation (on a controller class: all of its operations); anyone else gets 403
 * "Admin access required". Checked for every request by {@link AccessInterceptor} and declared in the OpenAPI
 * document ({@code x-access: admin}), where the access-control sweep test finds it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface AdminOnly {
}
