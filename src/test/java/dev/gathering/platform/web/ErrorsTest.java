package dev.gathering.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.Map;
import java.util.concurrent.Flow;
import java.nio.ByteBuffer;

import dev.gathering.support.Api;
import dev.gathering.support.IntegrationTest;
import org.junit.jupiter.api.Test;

class ErrorsTest extends IntegrationTest {

    private static void assertProblem(Api.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("detail").asString()).isNotBlank();
        assertThat(response.json().get("request_id").asString()).isEqualTo(response.header("X-Request-ID"));
        assertThat(response.body()).doesNotContain("Exception", "at org.", "at dev.");
    }

    @Test
    void malformedJsonIs400() {
        Api.Response response = api.post("/auth/login/json", "{\"email\": ");

        assertProblem(response, 400);
        assertThat(response.json().get("detail").asString()).startsWith("Request body is not valid JSON");
    }

    @Test
    void anEmptyBodyWhereJsonIsExpectedIs400() {
        assertProblem(api.post("/auth/login/json", ""), 400);
    }

    @Test
    void oversizedBodiesAre413WhetherDeclaredOrStreamed() {
        String huge = "{\"email\":\"" + "a".repeat(1_100_000) + "\",\"password\":\"x\"}";
        Api.Response declared = api.post("/auth/login/json", huge);
        Api.Response chunked = api.send(api.request("/auth/login/json").header("Content-Type", "application/json")
                .POST(chunked(huge)));

        assertProblem(declared, 413);
        assertProblem(chunked, 413);
    }

    @Test
    void unknownRouteIs404AndWrongMethodIs405WithAllow() {
        Api admin = admin();
        Api.Response unknown = admin.get("/no/such/route");
        Api.Response wrongMethod = admin.delete("/health");

        assertProblem(unknown, 404);
        assertProblem(wrongMethod, 405);
        assertThat(wrongMethod.header("Allow")).contains("GET");
    }

    @Test
    void unsupportedMediaTypeIs415() {
        Api.Response response = api.send(api.request("/auth/login/json").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello")));

        assertProblem(response, 415);
    }

    @Test
    void validationFailuresAre422WithFieldErrors() {
        Api.Response response = api.post("/auth/login/json", Map.of("email", "not-an-email"));

        assertProblem(response, 422);
        assertThat(response.json().get("errors").toString()).contains("\"loc\":[\"body\",\"email\"]", "\"loc\":[\"body\",\"password\"]");
    }

    @Test
    void theRequestIdIsEchoedOrGenerated() {
        Api.Response supplied = api.send(api.request("/health").header("X-Request-ID", "test-request-123"));
        Api.Response generated = api.get("/health");
        Api.Response hostile = api.send(api.request("/health").header("X-Request-ID", "bad id with spaces"));

        assertThat(supplied.header("X-Request-ID")).isEqualTo("test-request-123");
        assertThat(generated.header("X-Request-ID")).hasSize(36);
        assertThat(hostile.header("X-Request-ID")).hasSize(36);
    }

    @Test
    void securityHeadersAreOnSuccessesAndRefusalsAlike() {
        for (Api.Response response : new Api.Response[] {api.get("/health"), api.get("/auth/me")}) {
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(response.header("X-XSS-Protection")).isEqualTo("1; mode=block");
            assertThat(response.header("Referrer-Policy")).isEqualTo("strict-origin-when-cross-origin");
            assertThat(response.header("Content-Security-Policy")).contains("default-src 'none'");
            assertThat(response.header("Strict-Transport-Security")).contains("max-age=31536000", "preload");
            assertThat(response.header("Permissions-Policy")).contains("camera=()");
            assertThat(response.header("Cross-Origin-Opener-Policy")).isEqualTo("same-origin");
            assertThat(response.header("Cross-Origin-Resource-Policy")).isEqualTo("same-origin");
            assertThat(response.header("Cache-Control")).contains("no-store");
        }
    }

    @Test
    void corsAnswersAllowedOriginsOnly() {
        Api.Response allowed = api.send(api.request("/auth/me").header("Origin", "http://localhost:5173")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        Api.Response refused = api.send(api.request("/auth/me").header("Origin", "http://evil.example")
                .header("Access-Control-Request-Method", "GET")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:5173");
        assertThat(allowed.header("Access-Control-Allow-Credentials")).isEqualTo("true");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Access-Control-Allow-Origin")).isNull();
    }

    private static HttpRequest.BodyPublisher chunked(String body) {
        HttpRequest.BodyPublisher known = HttpRequest.BodyPublishers.ofString(body);
        return new HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
                known.subscribe(subscriber);
            }
        };
    }
}
