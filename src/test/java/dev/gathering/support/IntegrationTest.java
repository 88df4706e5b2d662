package dev.gathering.support;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of tests that talk HTTP to one shared, real server (real PostgreSQL, default rate limits). Every test
 * gets an {@link Api} with its own client address, so rate-limit buckets are never shared between tests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "gathering.auth.admin-email=" + IntegrationTest.ADMIN_EMAIL,
        "gathering.auth.admin-password=" + IntegrationTest.ADMIN_PASSWORD,
        "gathering.auth.bcrypt-strength=4",
        "gathering.rate-limit.trusted-proxies=127.0.0.1,::1",
        "gathering.shutdown.drain=0s",
        "gathering.metrics.token=" + IntegrationTest.METRICS_TOKEN,
        "gathering.llm.retry-base=20ms",
        "gathering.llm.retry-max=80ms",
        "gathering.llm.retry-after=7s",
        "gathering.llm.tool-timeout=1s",
        "gathering.llm.timeout=20s",
        // in-test servers listen on 127.0.0.1; every other internal address stays refused
        "gathering.http.allowed-hosts=127.0.0.1",
        "gathering.plugins.request-timeout=20s"})
public abstract class IntegrationTest {

    public static final String ADMIN_EMAIL = "admin@gathering.test";
    public static final String ADMIN_PASSWORD = "admin-password-123";
    public static final String METRICS_TOKEN = "scrape-token-for-tests";

    @LocalServerPort
    protected int port;

    protected Api api;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("gathering.db.url", TestDatabases::shared);
        registry.add("gathering.home", () -> TestHomes.create().toString());
    }

    @BeforeEach
    void newClient() {
        api = new Api("http://localhost:" + port);
    }

    protected Api admin() {
        return api.login(ADMIN_EMAIL, ADMIN_PASSWORD);
    }
}
