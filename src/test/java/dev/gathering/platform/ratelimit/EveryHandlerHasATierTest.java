package dev.gathering.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.gathering.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Later features cannot forget the rate limit: every GatheRing handler must declare its tier. */
class EveryHandlerHasATierTest extends IntegrationTest {

    @Autowired
    List<RequestMappingHandlerMapping> mappings;

    @Test
    void everyGatheringHandlerDeclaresATier() {
        var ours = mappings.stream()
                .flatMap(mapping -> mapping.getHandlerMethods().entrySet().stream())
                .filter(entry -> entry.getValue().getBeanType().getName().startsWith("dev.gathering."))
                .toList();
        assertThat(ours).hasSizeGreaterThan(10);

        var untiered = ours.stream()
                .filter(entry -> AnnotatedElementUtils.findMergedAnnotation(entry.getValue().getMethod(), RateLimited.class) == null
                        && AnnotatedElementUtils.findMergedAnnotation(entry.getValue().getBeanType(), RateLimited.class) == null)
                .map(entry -> entry.getKey() + " -> " + entry.getValue())
                .toList();

        assertThat(untiered).as("handlers without @RateLimited").isEmpty();
    }
}
