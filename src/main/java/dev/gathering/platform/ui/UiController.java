package dev.gathering.platform.ui;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Controller;

/**
 * A controller of web UI pages (under {@code /ui/}): its handlers return JTE view names ({@code "agent/list"} is
 * {@code src/main/jte/agent/list.jte}) and its failures are rendered as HTML by {@link UiErrors} instead of
 * problem+json.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Controller
public @interface UiController {

    @AliasFor(annotation = Controller.class)
    String value() default "";
}
