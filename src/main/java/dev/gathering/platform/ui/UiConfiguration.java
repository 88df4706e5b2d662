package dev.gathering.platform.ui;

import java.time.Duration;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.VersionResourceResolver;

/**
 * The template engine and the static files. Templates ({@code src/main/jte/<dir>/<name>.jte}) are turned into
 * Java sources at build time by the jte Maven plugin, in package {@code dev.gathering.<dir>}: a feature's templates
 * live in its own package and may use its package-private records. (Compiling them on demand from the files is not
 * offered: jte cannot compile inside the server's nested jar. {@code ./gathering serve} rebuilds when they change.)
 */
@Configuration(proxyBeanMethods = false)
class UiConfiguration implements WebMvcConfigurer {

    static final String TEMPLATE_PACKAGE = "dev.gathering";
    private static final CacheControl IMMUTABLE = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

    @Bean
    TemplateEngine jteTemplateEngine() {
        return TemplateEngine.createPrecompiled(null, ContentType.Html, UiConfiguration.class.getClassLoader(),
                TEMPLATE_PACKAGE);
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/ui/assets/**")
                .addResourceLocations("classpath:/ui/assets/")
                .setCacheControl(IMMUTABLE)
                .resourceChain(true)
                .addResolver(new VersionResourceResolver().addContentVersionStrategy("/**"));
        registry.addResourceHandler("/ui/vendor/**")
                .addResourceLocations("classpath:/META-INF/resources/webjars/")
                .setCacheControl(IMMUTABLE)
                .resourceChain(true);
    }
}
