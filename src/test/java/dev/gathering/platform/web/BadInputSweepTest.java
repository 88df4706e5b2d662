package dev.gathering.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import dev.gathering.support.Api;
import dev.gathering.support.IntegrationTest;
import dev.gathering.support.OpenApiOperations;
import dev.gathering.support.OpenApiOperations.Operation;
import dev.gathering.support.OpenApiOperations.Parameter;
import dev.gathering.support.RawHttp;
import dev.gathering.support.SweepWorld;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Sends generated bad input to every operation of the running server's {@code /openapi.json} (routes added later
 * included, without touching this test): missing required fields, wrong JSON types, nulls, empty and huge strings,
 * NUL and invalid UTF-8, extreme numbers, unknown enum values, malformed and deeply nested JSON, arrays and strings
 * instead of objects, huge bodies, garbage path and query parameters (invalid percent-encoding too), wrong and
 * boundary-less content types. Every answer must be below 500 (429 is a fine answer), every error problem+json with a
 * {@code detail}, no body may name a Java class or package, and none may take 10 s. Afterwards the server is healthy and
 * the objects made before the sweep are unchanged. Seeded: the same requests every run.
 */
class BadInputSweepTest extends IntegrationTest {

    private static final long SEED = 20261201L;
    private static final Pattern INTERNALS = Pattern.compile(
            "dev\\.gathering|org\\.springframework|tools\\.jackson|com\\.fasterxml|org\\.apache|org\\.postgresql"
                    + "|jakarta\\.|java\\.(lang|util|io|net|sql)\\.|Exception\\b|\\$[A-Z][A-Za-z]+\\b");
    private static final int MAX_PROPERTIES = 12;
    /** Names of valid values: unique (no conflict with an earlier request), and the same every run. */
    private static final AtomicInteger NAMES = new AtomicInteger();

    @Autowired
    JdbcClient jdbc;

    private record Probe(String method, String target, Map<String, String> headers, byte[] body, String what) {
    }

    @Test
    void noInputMakesTheServerFail() throws Exception {
        Api admin = admin();
        SweepWorld world = SweepWorld.create(admin, jdbc);
        List<Operation> operations = OpenApiOperations.of(OpenApiOperations.load(admin));
        Random random = new Random(SEED);
        List<List<Probe>> batches = new ArrayList<>();
        List<List<Probe>> deletions = new ArrayList<>();
        int requests = 0;
        for (Operation operation : operations) {
            List<Probe> probes = probes(operation, world, new Random(random.nextLong()));
            requests += probes.size();
            (operation.method().equals("DELETE") ? deletions : batches).add(probes);
        }
        assertThat(operations).hasSizeGreaterThan(50);

        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger fiveHundreds = new AtomicInteger();
        String[] token = {admin.token()};
        long started = System.nanoTime();
        run(batches, token, failures, fiveHundreds, random.nextLong());
        run(deletions, token, failures, fiveHundreds, random.nextLong());
        long seconds = (System.nanoTime() - started) / 1_000_000_000;
        System.out.printf("bad-input sweep: %d operations, %d requests, %d answers 5xx, %d failures, %d s%n",
                operations.size(), requests, fiveHundreds.get(), failures.size(), seconds);
        System.out.println("bad-input sweep answers by status: " + STATUSES);

        failures.stream().sorted().limit(200).forEach(failure -> System.out.println("SWEEP FAILURE " + failure));
        assertThat(api.get("/health").status()).isEqualTo(200);
        assertThat(api.get("/health/ready").status()).isEqualTo(200);
        assertThat(world.changedSentinels()).as("objects made before the sweep, changed by it").isEmpty();
        assertThat(failures).as(failures.size() + " failures of " + requests + " requests").isEmpty();
    }

    private void run(List<List<Probe>> batches, String[] token, ConcurrentLinkedQueue<String> failures,
                     AtomicInteger fiveHundreds, long seed) throws Exception {
        Random addresses = new Random(seed);
        List<String> ips = new ArrayList<>();
        for (int i = 0; i < 4096; i++) {
            ips.add("10." + (100 + addresses.nextInt(100)) + "." + addresses.nextInt(256) + "." + (1 + addresses.nextInt(254)));
        }
        AtomicInteger sequence = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> running = new ArrayList<>();
            for (List<Probe> batch : batches) {
                running.add(pool.submit(() -> {
                    for (Probe probe : batch) {
                        Map<String, String> headers = new LinkedHashMap<>(probe.headers());
                        headers.put("X-Forwarded-For", ips.get(sequence.getAndIncrement() % ips.size()));
                        if (!headers.containsKey("Authorization")) {
                            headers.put("Authorization", "Bearer " + token[0]);
                        }
                        check(probe, send(probe, headers), failures, fiveHundreds);
                    }
                    refresh(token);
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        }
    }

    private RawHttp.Response send(Probe probe, Map<String, String> headers) {
        try {
            return RawHttp.send(port, probe.method(), probe.target(), headers, probe.body());
        } catch (IllegalStateException e) {
            return new RawHttp.Response(599, Map.of(), "no answer: " + e.getMessage(), 30_000);
        }
    }

    /** A sweep request may have revoked the token (a logout) or changed the administrator's access: log in again. */
    private synchronized void refresh(String[] token) {
        if (api.withToken(token[0]).withClientIp(Api.randomClientIp()).get("/auth/me").status() != 200) {
            token[0] = api.withClientIp(Api.randomClientIp()).login(ADMIN_EMAIL, ADMIN_PASSWORD).token();
        }
    }

    private static final java.util.concurrent.ConcurrentSkipListMap<Integer, AtomicInteger> STATUSES =
            new java.util.concurrent.ConcurrentSkipListMap<>();

    private static void check(Probe probe, RawHttp.Response response, ConcurrentLinkedQueue<String> failures,
                              AtomicInteger fiveHundreds) {
        STATUSES.computeIfAbsent(response.status(), status -> new AtomicInteger()).incrementAndGet();
        String where = probe.method() + " " + abbreviate(probe.target()) + " [" + probe.what() + "] -> ";
        if (response.status() >= 500) {
            fiveHundreds.incrementAndGet();
            failures.add(where + response);
            return;
        }
        if (response.millis() > 10_000) {
            failures.add(where + "took " + response.millis() + " ms");
        }
        boolean json = response.contentType() != null && response.contentType().contains("json");
        if ((response.status() >= 400 || json) && INTERNALS.matcher(response.body()).find()) {
            failures.add(where + "names internals: " + response);
        }
        if (response.status() >= 400) {
            String type = response.contentType() == null ? "" : response.contentType();
            if (!type.startsWith("application/problem+json")) {
                failures.add(where + "not problem+json (" + type + "): " + response);
            } else if (!response.json().path("detail").isString() || response.json().get("detail").asString().isBlank()) {
                failures.add(where + "no detail: " + response);
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "…" : text;
    }

    // ------------------------------------------------------------------------------------------- request generation

    private static List<Probe> probes(Operation operation, SweepWorld world, Random random) {
        List<Probe> probes = new ArrayList<>();
        String path = operation.path(world.values);
        byte[] validBody = operation.body() == null ? null : json(valid(operation.document(), operation.body(), world, 0));
        Map<String, String> json = operation.body() == null ? Map.of() : Map.of("Content-Type", "application/json");

        // garbage in each path parameter
        for (Parameter parameter : operation.in("path")) {
            for (String garbage : List.of("abc", "-1", "0", "99999999999999999999", "%zz", "%00", "a%2Fb", "%C3%28",
                    "x".repeat(300), "%20", "1.5", "%25")) {
                Map<String, String> values = new LinkedHashMap<>(world.values);
                values.put(parameter.name(), garbage);
                probes.add(new Probe(operation.method(), operation.path(values), json, validBody, "path " + parameter.name()));
            }
        }
        // garbage in each query parameter
        for (Parameter parameter : operation.in("query")) {
            for (String garbage : queryGarbage(parameter.schema())) {
                probes.add(new Probe(operation.method(), path + "?" + parameter.name() + "=" + garbage, json, validBody,
                        "query " + parameter.name()));
            }
        }
        probes.add(new Probe(operation.method(), path + "?%zz=1&%00", json, validBody, "query names"));
        if (operation.body() != null) {
            probes.addAll(bodyProbes(operation, path, world, random));
        }
        if (operation.multipart()) {
            probes.addAll(multipartProbes(operation, path));
        }
        // content types the operation does not take, or cannot be read
        byte[] someBody = validBody == null ? "{}".getBytes(StandardCharsets.UTF_8) : validBody;
        for (String type : List.of("text/plain", "application/xml", "multipart/form-data",
                "application/x-www-form-urlencoded", "application/json; charset=ebcdic", "application/json; charset=utf-7")) {
            probes.add(new Probe(operation.method(), path, Map.of("Content-Type", type),
                    type.startsWith("application/x-www") ? "a=%zz&b=%00".getBytes(StandardCharsets.US_ASCII) : someBody,
                    "content type " + type));
        }
        probes.add(new Probe(operation.method(), path, Map.of("Content-Type", "application/json",
                "Transfer-Encoding", "chunked"), "zz\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII), "bad chunks"));
        return probes;
    }

    private static List<String> queryGarbage(JsonNode schema) {
        List<String> garbage = new ArrayList<>(List.of("%zz", "%00", "", "a%00b", "x".repeat(10_000), "%C3%28", "%FF"));
        String type = OpenApiOperations.type(schema);
        if (type.equals("integer") || type.equals("number")) {
            garbage.addAll(List.of("abc", "1e309", "-1", "2147483648", "9223372036854775808", "true", "1.5", "NaN"));
            if (schema.has("minimum")) {
                garbage.add(String.valueOf(schema.get("minimum").asLong() - 1));
            }
            if (schema.has("maximum")) {
                garbage.add(String.valueOf(schema.get("maximum").asLong() + 1));
            }
        } else if (type.equals("boolean")) {
            garbage.addAll(List.of("maybe", "2"));
        } else if (schema != null && schema.has("enum")) {
            garbage.add("not-a-listed-value");
        }
        return garbage;
    }

    private static List<Probe> bodyProbes(Operation operation, String path, SweepWorld world, Random random) {
        List<Probe> probes = new ArrayList<>();
        Map<String, String> json = Map.of("Content-Type", "application/json");
        JsonNode schema = operation.body();
        Map<String, Object> base = asMap(valid(operation.document(), schema, world, 0));
        String what = "body";
        // structure
        for (String raw : List.of("", "{", "{\"a\":", "{'a': 1}", "nul", "{} trailing", "[]", "\"text\"", "5", "null",
                "[{}]", "{\"a\":1,\"a\":2}")) {
            probes.add(new Probe(operation.method(), path, json, raw.getBytes(StandardCharsets.UTF_8), what + " " + raw));
        }
        probes.add(new Probe(operation.method(), path, json, "[".repeat(100_000).getBytes(StandardCharsets.US_ASCII),
                "deep arrays"));
        probes.add(new Probe(operation.method(), path, json, "{\"a\":".repeat(20_000).getBytes(StandardCharsets.US_ASCII),
                "deep objects"));
        probes.add(new Probe(operation.method(), path, json, ("{\"x\":\"" + "a".repeat(2_000_000) + "\"}")
                .getBytes(StandardCharsets.US_ASCII), "2 MB body"));
        ByteArrayOutputStream invalidUtf8 = new ByteArrayOutputStream();
        invalidUtf8.writeBytes("{\"x\":\"".getBytes(StandardCharsets.US_ASCII));
        invalidUtf8.writeBytes(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE});
        invalidUtf8.writeBytes("\"}".getBytes(StandardCharsets.US_ASCII));
        probes.add(new Probe(operation.method(), path, json, invalidUtf8.toByteArray(), "invalid UTF-8"));
        if (!OpenApiOperations.type(schema).equals("object") || schema.path("properties").isEmpty()) {
            return probes;
        }
        if (schema.has("required")) {
            probes.add(new Probe(operation.method(), path, json, "{}".getBytes(StandardCharsets.UTF_8), "missing required"));
        }
        List<String> names = new ArrayList<>(schema.get("properties").propertyNames());
        if (names.size() > MAX_PROPERTIES) {
            Collections.shuffle(names, random);
            names = names.subList(0, MAX_PROPERTIES);
        }
        for (String name : names) {
            JsonNode property = OpenApiOperations.resolve(operation.document(), schema.get("properties").get(name));
            for (String bad : badValues(property)) {
                Map<String, Object> body = new LinkedHashMap<>(base);
                body.put(name, new RawJson(bad));
                probes.add(new Probe(operation.method(), path, json, json(body), "field " + name + "=" + abbreviate(bad)));
            }
            Map<String, Object> unknown = new LinkedHashMap<>(base);
            unknown.put(name + "_unknown", new RawJson("\"\\u0000\""));
            probes.add(new Probe(operation.method(), path, json, json(unknown), "unknown field"));
        }
        return probes;
    }

    private static List<String> badValues(JsonNode schema) {
        List<String> bad = new ArrayList<>(List.of("null"));
        String type = OpenApiOperations.type(schema);
        switch (type) {
            case "string" -> {
                bad.addAll(List.of("123", "true", "{}", "[]", "\"\"", "\"" + "x".repeat(100_000) + "\"", "\"a\\u0000b\"",
                        "\"\\ud800\"", "\"   \""));
                if (schema.has("enum")) {
                    bad.add("\"not-a-listed-value\"");
                }
                if (schema.has("maxLength") && schema.get("maxLength").asInt() < 100_000) {
                    bad.add("\"" + "y".repeat(schema.get("maxLength").asInt() + 1) + "\"");
                }
            }
            case "integer" -> {
                bad.addAll(List.of("\"5\"", "1.5", "1e309", "9223372036854775808", "-9223372036854775809", "2147483648",
                        "true", "-1", "0"));
                if (schema.has("minimum")) {
                    bad.add(String.valueOf(schema.get("minimum").asLong() - 1));
                }
                if (schema.has("maximum")) {
                    bad.add(String.valueOf(schema.get("maximum").asLong() + 1));
                }
            }
            case "number" -> {
                bad.addAll(List.of("\"x\"", "1e309", "-1e309", "999999998.5", "true", "1e-400"));
                if (schema.has("minimum")) {
                    bad.add(String.valueOf(schema.get("minimum").asDouble() - 1));
                }
                if (schema.has("maximum")) {
                    bad.add(String.valueOf(schema.get("maximum").asDouble() + 1));
                }
            }
            case "boolean" -> bad.addAll(List.of("\"true\"", "1", "\"yes\""));
            case "array" -> bad.addAll(List.of("\"x\"", "{}", "[null]", "[123, true]", "[{}]", "[\"\\u0000\"]",
                    "[" + String.join(",", Collections.nCopies(10_000, "\"z\"")) + "]"));
            case "object" -> bad.addAll(List.of("\"x\"", "[]", "5", "{\"unknown\":\"\\u0000\"}"));
            default -> bad.addAll(List.of("\"\\u0000\"", "[[[]]]", "1e309", "{\"a\":[]}"));
        }
        return bad;
    }

    private static List<Probe> multipartProbes(Operation operation, String path) {
        String boundary = "SweepBoundary";
        Map<String, String> typed = Map.of("Content-Type", "multipart/form-data; boundary=" + boundary);
        String file = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nhello\r\n";
        return List.of(
                new Probe(operation.method(), path, Map.of("Content-Type", "multipart/form-data"), "x".getBytes(), "no boundary"),
                new Probe(operation.method(), path, typed, file.getBytes(StandardCharsets.UTF_8), "truncated"),
                new Probe(operation.method(), path, typed, ("--" + boundary + "--\r\n").getBytes(), "no parts"),
                new Probe(operation.method(), path, typed, (file + "--" + boundary + "\r\nContent-Disposition: form-data; "
                        + "name=\"title\"\r\n\r\na\u0000b\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8),
                        "NUL in a field"),
                new Probe(operation.method(), path, typed, ("--" + boundary + "\r\nContent-Disposition: form-data; "
                        + "name=\"file\"; filename=\"a.exe\"\r\n\r\nMZ\r\n--" + boundary + "--\r\n").getBytes(), "wrong file type"),
                new Probe(operation.method(), path, typed, ("--" + boundary + "\r\nContent-Disposition: form-data; "
                        + "name=\"file\"; filename=\"empty.txt\"\r\n\r\n\r\n--" + boundary + "--\r\n").getBytes(), "empty file"));
    }

    // ------------------------------------------------------------------------------------------------ valid values

    /** A value the schema accepts, with existing ids for id fields; nested up to three levels. */
    private static Object valid(JsonNode document, JsonNode schema, SweepWorld world, int depth) {
        JsonNode resolved = OpenApiOperations.resolve(document, schema);
        String type = OpenApiOperations.type(resolved);
        return switch (type) {
            case "object" -> {
                Map<String, Object> object = new LinkedHashMap<>();
                if (depth < 3 && resolved.has("required")) {
                    for (JsonNode required : resolved.get("required")) {
                        String name = required.asString();
                        JsonNode property = resolved.path("properties").path(name);
                        object.put(name, world.values.containsKey(name) ? idValue(world.values.get(name), property)
                                : valid(document, property, world, depth + 1));
                    }
                }
                yield object;
            }
            case "array" -> depth < 3 ? List.of(valid(document, resolved.path("items"), world, depth + 1)) : List.of();
            case "string" -> {
                if (resolved.has("enum")) {
                    for (JsonNode value : resolved.get("enum")) {
                        if (!value.isNull()) {
                            yield value.asString();
                        }
                    }
                }
                if ("email".equals(resolved.path("format").asString(""))) {
                    yield "sweep@example.com";
                }
                if (resolved.path("pattern").asString("").contains("http")) {
                    yield "http://127.0.0.1:9/sweep";
                }
                int max = resolved.path("maxLength").asInt(100);
                String value = "sweep-" + NAMES.incrementAndGet();
                yield value.length() > max ? "s".repeat(Math.max(1, Math.min(max, 1))) : value;
            }
            case "integer" -> resolved.has("minimum") ? Math.max(1, resolved.get("minimum").asLong()) : 1;
            case "number" -> resolved.has("minimum") ? resolved.get("minimum").asDouble() : 0.5;
            case "boolean" -> false;
            default -> "sweep";
        };
    }

    private static Object idValue(String value, JsonNode schema) {
        String type = OpenApiOperations.type(schema);
        return type.equals("integer") || type.equals("number") ? Long.parseLong(value) : value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : new LinkedHashMap<>();
    }

    /** A JSON fragment written as is. */
    private record RawJson(String json) {
    }

    private static byte[] json(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("null");
            case RawJson raw -> out.append(raw.json());
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    out.append(Api.JSON.writeValueAsString(String.valueOf(entry.getKey()))).append(':');
                    write(out, entry.getValue());
                }
                out.append('}');
            }
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(out, list.get(i));
                }
                out.append(']');
            }
            default -> out.append(Api.JSON.writeValueAsString(value));
        }
    }
}
