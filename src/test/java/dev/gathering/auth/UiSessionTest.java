package dev.gathering.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.gathering.platform.security.ServerSecret;
import dev.gathering.support.Api;
import dev.gathering.support.IntegrationTest;
import dev.gathering.support.Tokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The web UI's session over plain HTTP: the cookie works only under {@code /ui/}, every state change needs the
 * page's CSRF token, signing out revokes the token, and a browser without a session is sent to the sign-in page.
 */
class UiSessionTest extends IntegrationTest {

    private static final Pattern CSRF_META = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\"");
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @Autowired
    ServerSecret secret;

    /** A browser-like session: the cookie from the sign-in form. */
    private record Session(String cookie, String token) {
        String header() {
            return "gathering_session=" + token;
        }
    }

    private Api.Response form(String path, Map<String, String> fields, String cookie) {
        String body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest.Builder request = api.request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return api.send(request);
    }

    private Api.Response get(String path, String cookie, String accept) {
        HttpRequest.Builder request = api.request(path).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        return api.send(request);
    }

    private Session signIn() {
        Api.Response page = get("/ui/login", null, "text/html");
        String nonce = page.raw().headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("gathering_sign_in="))
                .findFirst().orElseThrow().split(";")[0];
        Api.Response signedIn = form("/ui/login", Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD,
                "_csrf", match(CSRF_FIELD, page.body())), nonce);
        assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(302);
        String cookie = signedIn.raw().headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("gathering_session=")).findFirst().orElseThrow();
        return new Session(cookie, cookie.substring("gathering_session=".length(), cookie.indexOf(';')));
    }

    private String csrf(Session session) {
        return match(CSRF_META, get("/ui/agents", session.header(), "text/html").body());
    }

    private static String match(Pattern pattern, String html) {
        Matcher matcher = pattern.matcher(html);
        assertThat(matcher.find()).as("token in the page").isTrue();
        return matcher.group(1);
    }

    @Test
    void theSessionCookieIsHttpOnlyStrictAndScopedToTheUi() {
        Session session = signIn();
        assertThat(session.cookie()).contains("Path=/ui", "HttpOnly", "SameSite=Strict", "Max-Age=").doesNotContain("Secure");
        assertThat(get("/ui/agents", session.header(), "text/html").status()).isEqualTo(200);
    }

    @Test
    void behindATrustedHttpsProxyTheCookieIsSecure() {
        Api.Response page = api.send(api.request("/ui/login").header("X-Forwarded-Proto", "https").GET());
        assertThat(page.raw().headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("gathering_sign_in=") && c.contains("Secure"));
    }

    @Test
    void theJsonApiIgnoresTheCookie() {
        Session session = signIn();
        for (String path : new String[] {"/agents", "/auth/me", "/dashboard/stats", "/events/stream", "/settings"}) {
            Api.Response answer = get(path, session.header(), null);
            assertThat(answer.status()).as(path).isEqualTo(401);
        }
        Api.Response post = api.send(api.request("/circles").header("Cookie", session.header())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"csrf-victim\"}")));
        assertThat(post.status()).isEqualTo(401);
        // and the same token as a bearer works there, of course
        assertThat(api.withToken(session.token()).get("/auth/me").status()).isEqualTo(200);
    }

    @Test
    void everyStateChangeNeedsThePagesCsrfToken() {
        Session session = signIn();
        Map<String, String> agent = Map.of("name", "Csrf Ada", "role", "tester", "provider", "local");
        Api.Response missing = form("/ui/agents", agent, session.header());
        assertThat(missing.status()).isEqualTo(403);
        assertThat(missing.json().get("detail").asString()).contains("CSRF");
        Map<String, String> forged = new java.util.HashMap<>(agent);
        forged.put("_csrf", "forged");
        assertThat(form("/ui/agents", forged, session.header()).status()).isEqualTo(403);

        Map<String, String> good = new java.util.HashMap<>(agent);
        good.put("_csrf", csrf(session));
        Api.Response created = form("/ui/agents", good, session.header());
        assertThat(created.status()).isEqualTo(302);
        assertThat(created.header("Location")).matches(".*/ui/agents/\\d+\\?created=1");

        Api.Response headerToken = api.send(api.request("/ui/memory/knowledge/search").header("Cookie", session.header())
                .header("X-CSRF-Token", csrf(session)).header("HX-Request", "true")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("query=anything")));
        assertThat(headerToken.status()).isEqualTo(200);
        assertThat(form("/ui/logout", Map.of(), session.header()).status()).as("even signing out").isEqualTo(403);
    }

    @Test
    void theSignInFormRefusesAMissingTokenAndBadCredentials() {
        assertThat(form("/ui/login", Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD), null).status()).isEqualTo(403);
        Api.Response page = get("/ui/login", null, "text/html");
        String nonce = page.raw().headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("gathering_sign_in="))
                .findFirst().orElseThrow().split(";")[0];
        Api.Response wrong = form("/ui/login", Map.of("email", ADMIN_EMAIL, "password", "nope", "_csrf",
                match(CSRF_FIELD, page.body())), nonce);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).contains("Incorrect email or password");
        assertThat(wrong.raw().headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("gathering_session="));
    }

    @Test
    void signingOutRevokesTheToken() {
        Session session = signIn();
        Api.Response out = form("/ui/logout", Map.of("_csrf", csrf(session)), session.header());
        assertThat(out.status()).isEqualTo(302);
        assertThat(out.header("Location")).endsWith("/ui/login?signed_out=1");
        assertThat(out.raw().headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("gathering_session=;") && c.contains("Max-Age=0"));
        assertThat(api.withToken(session.token()).get("/auth/me").status()).isEqualTo(401);
        assertThat(get("/ui/agents", session.header(), "text/html").status()).isEqualTo(302);
    }

    @Test
    void withoutASessionPagesRedirectHtmxIsToldWhereToGoAndStreamsGet401() {
        Api.Response page = get("/ui/circles?x=1", null, "text/html,application/xhtml+xml");
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.header("Location")).endsWith("/ui/login?next=%2Fui%2Fcircles%3Fx%3D1");

        Api.Response htmx = api.send(api.request("/ui/agents/rows").header("HX-Request", "true").GET());
        assertThat(htmx.status()).isEqualTo(401);
        assertThat(htmx.header("HX-Redirect")).isEqualTo("/ui/login");

        Api.Response stream = get("/ui/events/stream", null, "text/event-stream");
        assertThat(stream.status()).isEqualTo(401);
        assertThat(stream.contentType()).contains("application/problem+json");

        String expired = "gathering_session=" + Tokens.expiredAdmin(secret);
        Api.Response old = get("/ui/agents", expired, "text/html");
        assertThat(old.status()).isEqualTo(302);
        assertThat(old.header("Location")).endsWith("/ui/login?expired=1&next=%2Fui%2Fagents");
        assertThat(old.raw().headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("gathering_session=;"));
    }

    @Test
    void aBrowserOpeningTheServerLandsOnTheDashboardWhileApiClientsGetJson() {
        Api.Response browser = get("/", null, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        assertThat(browser.status()).isEqualTo(302);
        assertThat(browser.header("Location")).endsWith("/ui/");
        assertThat(get("/", null, null).json().get("name").asString()).isEqualTo("GatheRing API");
        assertThat(get("/", null, "application/json").json().get("docs").asString()).isEqualTo("/docs");
        assertThat(get("/", null, "*/*").json().get("health").asString()).isEqualTo("/health");
    }

    @Test
    void failuresArePagesForNavigationsAndToastsForHtmx() {
        Session session = signIn();
        Api.Response missing = get("/ui/agents/999999", session.header(), "text/html");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("text/html");
        assertThat(missing.body()).contains("Agent 999999 not found", "Back to the overview");

        Api.Response refused = api.send(api.request("/ui/circles/no-such-circle/tasks").header("Cookie", session.header())
                .header("X-CSRF-Token", csrf(session)).header("HX-Request", "true")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("title=x")));
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.header("HX-Retarget")).isEqualTo("#toasts");
        assertThat(refused.body()).contains("class=\"toast", "Circle 'no-such-circle' not found");
    }

    @Test
    void theApiDocumentationListsTheDashboardRoutesButNotThePages() {
        var paths = api.get("/openapi.json").json().get("paths");
        assertThat(paths.has("/dashboard/stats")).isTrue();
        assertThat(paths.has("/ws/dashboard")).isTrue();
        assertThat(paths.propertyNames()).noneMatch(path -> path.startsWith("/ui"));
    }

    @Test
    void afterSigningInTheBrowserGoesOnlyWhereTheUiIs() {
        assertThat(AuthPages.safeNext("/ui/circles/core")).isEqualTo("/ui/circles/core");
        assertThat(AuthPages.safeNext("https://evil.example/")).isEqualTo("/ui/");
        assertThat(AuthPages.safeNext("//evil.example/ui/")).isEqualTo("/ui/");
        assertThat(AuthPages.safeNext("/ui/\\evil")).isEqualTo("/ui/");
        assertThat(AuthPages.safeNext(null)).isEqualTo("/ui/");
    }

    @Test
    void pagesAllowOnlyTheirOwnOriginAndAssetsAreCachedForAYear() {
        Session session = signIn();
        Api.Response page = get("/ui/", session.header(), "text/html");
        String policy = page.header("Content-Security-Policy");
        assertThat(policy).contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(page.header("Cache-Control")).contains("no-store");
        Matcher css = Pattern.compile("href=\"(/ui/assets/app-[0-9a-f]+\\.css)\"").matcher(page.body());
        assertThat(css.find()).isTrue();
        Api.Response stylesheet = get(css.group(1), null, null);
        assertThat(stylesheet.status()).isEqualTo(200);
        assertThat(stylesheet.header("Cache-Control")).contains("max-age=31536000", "immutable");
        Matcher htmx = Pattern.compile("src=\"(/ui/vendor/htmx.org/2\\.[0-9.]+/dist/htmx.min.js)\"").matcher(page.body());
        assertThat(htmx.find()).isTrue();
        assertThat(get(htmx.group(1), null, null).header("Cache-Control")).contains("immutable");
        assertThat(get("/ui/vendor/htmx.org/../../application.yml", null, null).status()).isIn(400, 404);
    }
}
