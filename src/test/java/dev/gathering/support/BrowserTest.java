package dev.gathering.support;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Base of browser tests: the shared test server ({@link IntegrationTest}) and a headless Chromium ({@link Browser})
 * pointed at it. {@link #signedIn()} gives an admin API client whose session the browser shares.
 */
public abstract class BrowserTest extends IntegrationTest {

    @RegisterExtension
    protected static final Browser browser = new Browser();

    @BeforeEach
    void pointTheBrowserAtTheServer() {
        browser.at("http://localhost:" + port);
    }

    /** An admin client, and the browser signed in with the same token. */
    protected Api signedIn() {
        Api admin = admin();
        browser.signIn(admin);
        return admin;
    }
}
