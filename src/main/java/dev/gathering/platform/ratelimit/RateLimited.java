package dev.gathering.platform.ratelimit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the rate-limit tier of a handler (on the method, or on the controller for all its methods). Every
 * handler of GatheRing must carry one; {@code EveryHandlerHasATierTest} fails the build otherwise.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RateLimited {
    Tier value();
}
