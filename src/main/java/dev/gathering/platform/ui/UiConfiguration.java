package dev.gathering.platform.ui;

import java.nio.file.Path;
import java.time.Duration;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.resolve.DirectoryCodeResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.VersionResourceResolver;

/**
 * The template engine and the static files. Templates ({@code src/main/jte/<dir>/<name>.jte}) are turned into
 * Java sources at build time by the jte Maven plugin, in package {@code dev.gathering.<dir>}: a feature's templates
 * live in its own package and may use its package-private records. With
 * {@code gathering.ui.template-directory=src/main/jte} (development) they are compiled from the files on demand
 * instead and edits show on the next request.
 */
@Configuration(proxyBeanMethods = false)
class UiConfiguration implements WebMvcConfigurer {

    private static final Logger log = LoggerFactory.getLogger(UiConfiguration.class);
    static final String TEMPLATE_PACKAGE = "dev.gathering";
    private static final CacheControl IMMUTABLE = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

    @Bean
    TemplateEngine jteTemplateEngine(@Value("${gathering.ui.template-directory:}") String directory) {
        if (directory != null && !directory.isBlank()) {
            log.info("Web UI templates are compiled from {} on demand (development)", directory);
            TemplateEngine engine = TemplateEngine.create(new DirectoryCodeResolver(Path.of(directory)),
                    Path.of(System.getProperty("java.io.tmpdir"), "gathering-jte-classes"), ContentType.Html,
                    UiConfiguration.class.getClassLoader(), TEMPLATE_PACKAGE);
            engine.setTrimControlStructures(true);
            return engine;
        }
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
