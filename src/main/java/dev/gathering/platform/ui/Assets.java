package dev.gathering.platform.ui;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.resource.ResourceUrlProvider;

/**
 * URLs of static files. The UI's own files ({@code src/main/resources/ui/assets}) get a content hash in their
 * name ({@code /ui/assets/app-3f2a….css}), libraries from webjars their version in the path
 * ({@code /ui/vendor/htmx.org/2.0.8/dist/htmx.min.js}); both are therefore cached for a year as immutable.
 */
@Component
public class Assets {

    private final ResourceUrlProvider urls;
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    Assets(ResourceUrlProvider urls) {
        this.urls = urls;
    }

    /** {@code asset("app.css")} → {@code /ui/assets/app-<hash>.css}. */
    public String asset(String name) {
        return cache.computeIfAbsent("asset:" + name, key -> {
            String path = "/ui/assets/" + name;
            String versioned = urls.getForLookupPath(path);
            return versioned == null ? path : versioned;
        });
    }

    /** {@code vendor("htmx.org", "dist/htmx.min.js")} → {@code /ui/vendor/htmx.org/2.0.8/dist/htmx.min.js}. */
    public String vendor(String webjar, String file) {
        return cache.computeIfAbsent("vendor:" + webjar + "/" + file,
                key -> "/ui/vendor/" + webjar + "/" + webjarVersion(webjar) + "/" + file);
    }

    private static String webjarVersion(String webjar) {
        String properties = "META-INF/maven/org.webjars.npm/" + webjar + "/pom.properties";
        try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(properties)) {
            if (in == null) {
                throw new IllegalStateException("webjar " + webjar + " is not on the classpath");
            }
            Properties values = new Properties();
            values.load(in);
            return values.getProperty("version");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + properties, e);
        }
    }
}
