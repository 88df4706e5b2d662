package dev.gathering.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gathering.GatheringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A GatheRing server started in the test JVM with its own settings: for tests that need several instances,
 * a restart on the same database, or settings the shared server must not have.
 */
public final class TestServer implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private TestServer(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static Builder on(String databaseUrl) {
        return new Builder().set("gathering.db.url", databaseUrl);
    }

    public static Builder embedded(Path home) {
        return new Builder().set("gathering.db.url", "").set("gathering.home", home.toString());
    }

    public String baseUrl() {
        return "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public Api api() {
        return new Api(baseUrl());
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }

    public static final class Builder {
        private final Map<String, String> properties = new LinkedHashMap<>();

        private Builder() {
            set("server.port", "0");
            set("gathering.home", TestHomes.create().toString());
            set("gathering.auth.admin-email", IntegrationTest.ADMIN_EMAIL);
            set("gathering.auth.admin-password", IntegrationTest.ADMIN_PASSWORD);
            set("gathering.auth.bcrypt-strength", "4");
            set("gathering.rate-limit.trusted-proxies", "127.0.0.1,::1");
            set("gathering.shutdown.drain", "0s");
            set("gathering.llm.retry-base", "20ms");
            set("gathering.llm.retry-max", "80ms");
        }

        public Builder set(String property, String value) {
            properties.put(property, value);
            return this;
        }

        public TestServer start() {
            List<String> args = new ArrayList<>();
            properties.forEach((key, value) -> args.add("--" + key + "=" + value));
            return new TestServer(new SpringApplicationBuilder(GatheringApplication.class).run(args.toArray(String[]::new)));
        }
    }
}
