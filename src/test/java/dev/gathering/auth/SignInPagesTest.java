package dev.gathering.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gathering.platform.security.ServerSecret;
import dev.gathering.support.Api;
import dev.gathering.support.BrowserTest;
import dev.gathering.support.Tokens;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Cookie;
import org.springframework.beans.factory.annotation.Autowired;

/** Signing in, out, and an expired session, in a real browser. */
class SignInPagesTest extends BrowserTest {

    @Autowired
    ServerSecret secret;

    @Test
    void signsInThroughTheFormAndOutWithTheButtonWhichRevokesTheToken() {
        browser.open("/ui/agents");
        assertThat(browser.driver().getCurrentUrl()).contains("/ui/login?next=%2Fui%2Fagents");
        browser.screenshot("sign-in");

        browser.type("#email", ADMIN_EMAIL);
        browser.type("#password", "not the password");
        browser.click("button[type=submit]");
        assertThat(browser.await("[data-testid=sign-in-error]").getText()).isEqualTo("Incorrect email or password");
        assertThat(browser.find("#email").getAttribute("value")).isEqualTo(ADMIN_EMAIL);
        browser.drainLogs(); // the refused sign-in answers 401 on purpose

        browser.find("#password").sendKeys(ADMIN_PASSWORD);
        browser.click("button[type=submit]");
        browser.awaitText("h1", "Agents");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/ui/agents");
        Cookie session = browser.driver().manage().getCookieNamed("gathering_session");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        assertThat(session.getPath()).isEqualTo("/ui");
        Api sameToken = api.withToken(session.getValue());
        assertThat(sameToken.get("/auth/me").status()).isEqualTo(200);
        browser.awaitLive();
        browser.assertNoErrors();

        browser.click("[data-testid=sign-out]");
        assertThat(browser.await("[data-testid=sign-in-notice]").getText()).isEqualTo("You are signed out.");
        assertThat(browser.driver().manage().getCookieNamed("gathering_session")).isNull();
        assertThat(sameToken.get("/auth/me").status()).as("the token was revoked").isEqualTo(401);
        browser.open("/ui/");
        assertThat(browser.driver().getCurrentUrl()).contains("/ui/login");
    }

    @Test
    void anExpiredSessionLandsOnTheSignInPageAndComesBackAfterSigningIn() {
        browser.open("/ui/login");
        browser.driver().manage().addCookie(new Cookie.Builder("gathering_session", Tokens.expiredAdmin(secret))
                .path("/ui").isHttpOnly(true).sameSite("Strict").build());
        browser.open("/ui/circles");
        assertThat(browser.await("[data-testid=sign-in-notice]").getText()).contains("Your session has expired");
        assertThat(browser.driver().manage().getCookieNamed("gathering_session")).as("the dead cookie is cleared").isNull();
        assertThat(browser.find("h1").getText()).isEqualTo("Sign in");

        browser.type("#email", ADMIN_EMAIL);
        browser.type("#password", ADMIN_PASSWORD);
        browser.click("button[type=submit]");
        browser.awaitText("h1", "Circles");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/ui/circles");
        browser.assertNoErrors();
    }
}
