package dev.gathering.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.gathering.support.Api;
import dev.gathering.support.Fixtures;
import dev.gathering.support.IntegrationTest;
import dev.gathering.support.RawHttp;
import org.junit.jupiter.api.Test;

/** Regression tests of inputs that used to be answered with 500, an HTML page or a body naming Java classes. */
class BadInputTest extends IntegrationTest {

    static void assertProblem(RawHttp.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).isNotBlank();
        assertThat(response.body()).doesNotContainIgnoringCase("exception").doesNotContain("dev.gathering", "java.",
                "tools.jackson", "org.springframework", "org.apache", "<html");
    }

    private RawHttp.Response raw(String method, String target, Map<String, String> headers, byte[] body) {
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.putIfAbsent("X-Forwarded-For", Api.randomClientIp());
        return RawHttp.send(port, method, target, all, body);
    }

    private Map<String, String> bearer(Api user) {
        return Map.of("Authorization", "Bearer " + user.token());
    }

    private RawHttp.Response postJson(Api user, String path, String json) {
        Map<String, String> headers = new java.util.LinkedHashMap<>(bearer(user));
        headers.put("Content-Type", "application/json");
        return raw("POST", path, headers, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void invalidPercentEncodingInAQueryOrAFormIs400() {
        Api admin = admin();
        assertProblem(raw("GET", "/agents?limit=%zz", bearer(admin), null), 400);
        assertProblem(raw("GET", "/agents?%zz=1", bearer(admin), null), 400);
        assertProblem(raw("POST", "/auth/login", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "username=%zz&password=x".getBytes(StandardCharsets.US_ASCII)), 400);
    }

    @Test
    void aNulCharacterIsRefusedAt422NamingTheField() {
        Api admin = admin();
        long agent = Fixtures.agent(admin, Fixtures.unique("nul"), "local", "local-responder", Map.of());

        RawHttp.Response body = postJson(admin, "/agents", "{\"persona\":{\"name\":\"a\\u0000b\",\"role\":\"r\"}}");
        RawHttp.Response query = raw("POST", "/agents/" + agent + "/session/track-file?file_path=a%00b", bearer(admin),
                new byte[0]);
        RawHttp.Response chat = postJson(admin, "/agents/" + agent + "/chat/stream", "{\"message\":\"hi\\u0000\"}");
        RawHttp.Response inList = postJson(admin, "/agents", "{\"persona\":{\"name\":\"n\",\"role\":\"r\",\"traits\":[\"\\u0000\"]}}");

        assertProblem(body, 422);
        assertThat(body.json().get("errors").toString()).contains("[\"body\",\"persona\",\"name\"]", "NUL");
        assertProblem(query, 422);
        assertThat(query.json().get("errors").toString()).contains("[\"query\",\"file_path\"]");
        assertProblem(chat, 422);
        assertProblem(inList, 422);
    }

    @Test
    void multipartWithoutBoundaryOrTruncatedIs400() {
        Api admin = admin();
        Map<String, String> noBoundary = new java.util.LinkedHashMap<>(bearer(admin));
        noBoundary.put("Content-Type", "multipart/form-data");
        Map<String, String> truncated = new java.util.LinkedHashMap<>(bearer(admin));
        truncated.put("Content-Type", "multipart/form-data; boundary=XyZ");
        byte[] cut = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello"
                .getBytes(StandardCharsets.US_ASCII);

        RawHttp.Response json = raw("POST", "/agents", noBoundary, "{}".getBytes(StandardCharsets.US_ASCII));
        RawHttp.Response upload = raw("POST", "/memories/knowledge/upload", noBoundary, "x".getBytes(StandardCharsets.US_ASCII));
        RawHttp.Response partial = raw("POST", "/memories/knowledge/upload", truncated, cut);

        assertThat(json.status()).isIn(400, 415);
        assertProblem(json, json.status());
        assertProblem(upload, 400);
        assertProblem(partial, 400);
    }

    @Test
    void numbersOutOfTheirFieldsRangeAre422() {
        Api admin = admin();
        String provider = Fixtures.provider(admin, "openai", "http://127.0.0.1:9/v1");
        long providerId = admin.get("/providers").json().get("providers").valueStream()
                .filter(p -> p.get("name").asString().equals(provider)).findFirst().orElseThrow().get("id").asLong();
        for (String price : List.of("1e309", "9223372036854775808", "2147483648", "999999998.5", "-1")) {
            RawHttp.Response created = postJson(admin, "/models", "{\"provider_id\":" + providerId
                    + ",\"model_name\":\"m\",\"pricing_in\":" + price + "}");
            assertProblem(created, 422);
            assertThat(created.json().get("errors").toString()).contains("pricing_in");
        }
        RawHttp.Response window = postJson(admin, "/models", "{\"provider_id\":" + providerId
                + ",\"model_name\":\"m\",\"context_window\":2147483648}");
        assertProblem(window, 422);
        assertThat(window.json().get("errors").toString()).contains("[\"body\",\"context_window\"]");
        long model = Fixtures.model(admin, provider, "priced", 1, 2).get("id").asLong();
        Map<String, String> headers = new java.util.LinkedHashMap<>(bearer(admin));
        headers.put("Content-Type", "application/json");
        assertProblem(raw("PATCH", "/models/" + model, headers, "{\"pricing_out\":1e309}".getBytes(StandardCharsets.US_ASCII)), 422);
        assertThat(admin.get("/models/" + model).json().get("pricing_out").asDouble()).isEqualTo(2.0);
    }

    @Test
    void wrongJsonTypesAre422NamingTheFieldWithoutJavaNames() {
        Api admin = admin();
        RawHttp.Response number = postJson(admin, "/agents", "{\"persona\":{\"name\":5,\"role\":\"r\"}}");
        RawHttp.Response bool = postJson(admin, "/agents", "{\"persona\":{\"name\":true,\"role\":\"r\"}}");
        RawHttp.Response quoted = postJson(admin, "/agents", "{\"persona\":{\"name\":\"n\",\"role\":\"r\"},\"config\":{\"max_tokens\":\"5\"}}");
        RawHttp.Response fraction = postJson(admin, "/agents", "{\"persona\":{\"name\":\"n\",\"role\":\"r\"},\"config\":{\"max_tokens\":1.5}}");
        RawHttp.Response array = postJson(admin, "/agents", "[]");
        RawHttp.Response text = postJson(admin, "/agents", "\"agent\"");
        RawHttp.Response object = postJson(admin, "/agents", "{\"persona\":[1]}");

        assertProblem(number, 422);
        assertThat(number.json().get("errors").get(0).get("msg").asString()).isEqualTo("must be a string");
        assertProblem(bool, 422);
        assertProblem(quoted, 422);
        assertThat(quoted.json().get("errors").toString()).contains("[\"body\",\"config\",\"max_tokens\"]");
        assertProblem(fraction, 422);
        assertProblem(array, 400);
        assertThat(array.json().get("detail").asString()).isEqualTo("Request body must be a JSON object");
        assertProblem(text, 400);
        assertProblem(object, 422);
    }

    @Test
    void nonAsciiApiKeysAreRefusedWhenSaved() {
        Api admin = admin();
        String provider = Fixtures.provider(admin, "openai", "http://127.0.0.1:9/v1");

        Api.Response saved = admin.patch("/settings/providers/" + provider, Map.of("api_key", "sk-clé-secrète"));
        Api.Response test = admin.post("/settings/providers/" + provider + "/test");

        assertThat(saved.status()).as(saved.toString()).isEqualTo(422);
        assertThat(test.status()).as(test.toString()).isEqualTo(200);
    }

    @Test
    void metricsDecideAuthenticationBeforeTheContentType() {
        RawHttp.Response response = raw("GET", "/metrics", Map.of("Accept", "application/json"), null);
        RawHttp.Response admin = raw("GET", "/metrics", Map.of("Accept", "application/json",
                "Authorization", "Bearer " + admin().token()), null);

        assertProblem(response, 401);
        assertThat(admin.status()).isEqualTo(200);
    }

    @Test
    void errorsRaisedBeforeSpringMvcAreProblemsToo() {
        Api admin = admin();
        for (String target : List.of("/agents%2F1", "/a%00b", "/%zz", "/agents;x=1", "//agents", "/health/..;/agents",
                "/agents/%2e%2e/x")) {
            RawHttp.Response response = raw("GET", target, bearer(admin), null);
            assertThat(response.status()).as(target + " -> " + response).isBetween(400, 404);
            assertProblem(response, response.status());
        }
        RawHttp.Response trace = raw("TRACE", "/health", Map.of(), null);
        assertThat(trace.status()).isIn(400, 405);
        assertProblem(trace, trace.status());

        RawHttp.Response hugeHeader = raw("GET", "/health", Map.of("X-Big", "a".repeat(20_000)), null);
        assertThat(hugeHeader.status()).isIn(400, 431);
        assertProblem(hugeHeader, hugeHeader.status());

        RawHttp.Response hugeUrl = raw("GET", "/health?x=" + "a".repeat(20_000), Map.of(), null);
        assertThat(hugeUrl.status()).isIn(400, 414);
        assertProblem(hugeUrl, hugeUrl.status());

        Map<String, String> chunked = new java.util.LinkedHashMap<>(bearer(admin));
        chunked.put("Content-Type", "application/json");
        chunked.put("Transfer-Encoding", "chunked");
        RawHttp.Response badChunks = raw("POST", "/agents", chunked, "zz\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(badChunks.status()).isBetween(400, 499);
        assertProblem(badChunks, badChunks.status());

        RawHttp.Response cors = raw("GET", "/health", Map.of("Origin", "http://evil.example"), null);
        RawHttp.Response preflight = raw("OPTIONS", "/agents", Map.of("Origin", "http://evil.example",
                "Access-Control-Request-Method", "POST"), null);
        assertProblem(cors, 403);
        assertProblem(preflight, 403);
    }

    @Test
    void findingsOfTheSweepStayFixed() {
        Api admin = admin();
        long agent = Fixtures.agent(admin, Fixtures.unique("found"), "local", "local-responder", Map.of());
        Map<String, String> form = new java.util.LinkedHashMap<>(bearer(admin));
        form.put("Content-Type", "application/x-www-form-urlencoded");
        Map<String, String> multipart = new java.util.LinkedHashMap<>(bearer(admin));
        multipart.put("Content-Type", "multipart/form-data; boundary=B");
        byte[] nulField = ("--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello\r\n"
                + "--B\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\na\u0000b\r\n--B--\r\n")
                .getBytes(StandardCharsets.UTF_8);

        // a form body where JSON is expected, on PATCH: refused, not parsed (it used to be a 500 for %zz)
        assertProblem(raw("PATCH", "/agents/" + agent, form, "a=%zz".getBytes(StandardCharsets.US_ASCII)), 415);
        // a lone surrogate cannot be stored or embedded
        RawHttp.Response surrogate = postJson(admin, "/memories/agents/" + agent + "/remember", "{\"content\":\"\\ud800\"}");
        assertProblem(surrogate, 422);
        assertThat(surrogate.json().get("errors").toString()).contains("[\"body\",\"content\"]");
        // a NUL in a multipart field
        RawHttp.Response upload = raw("POST", "/memories/knowledge/upload", multipart, nulField);
        assertProblem(upload, 422);
        assertThat(upload.json().get("errors").toString()).contains("title");
    }
}
