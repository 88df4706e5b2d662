package dev.gathering.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gathering.support.Api;
import dev.gathering.support.Fixtures;
import dev.gathering.support.IntegrationTest;
import dev.gathering.support.OpenApiOperations;
import dev.gathering.support.OpenApiOperations.Operation;
import dev.gathering.support.RawHttp;
import dev.gathering.support.SweepWorld;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every operation of {@code /openapi.json} that is not public (routes added later included) refuses every kind of bad
 * credentials with 401 (none, {@code alg: none}, a wrong signature, expired, revoked, malformed), every admin-only one
 * refuses a member with 403, and every state change refuses a viewer with 403: decided before anything else about the
 * request, whatever its body.
 */
class AccessSweepTest extends IntegrationTest {

    @Autowired
    ServerSecret secret;

    @Autowired
    JdbcClient jdbc;

    @Test
    void everyProtectedOperationRefusesBadCredentialsAndLesserRoles() throws Exception {
        Api admin = admin();
        SweepWorld world = SweepWorld.create(admin, jdbc);
        Api member = registered("member");
        Api viewer = registered("viewer");
        admin.patch("/auth/users/" + viewer.get("/auth/me").json().get("id").asString(), Map.of("role", "viewer"));
        Api revoked = registered("revoked");
        assertThat(revoked.post("/auth/logout").status()).isEqualTo(200);

        Map<String, String> credentials = new LinkedHashMap<>();
        credentials.put("no token", null);
        credentials.put("alg none", "Bearer " + unsigned());
        credentials.put("wrong signature", "Bearer " + signed(new byte[48], Instant.now().plusSeconds(600)));
        credentials.put("expired", "Bearer " + signed(secret.bytes(), Instant.now().minusSeconds(60)));
        credentials.put("revoked", "Bearer " + revoked.token());
        credentials.put("garbage", "Bearer not-a-token");
        credentials.put("empty bearer", "Bearer ");
        credentials.put("basic", "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8)));

        List<Operation> operations = OpenApiOperations.of(OpenApiOperations.load(admin));
        List<String> failures = new ArrayList<>();
        int requests = 0;
        int protectedOperations = 0;
        long started = System.nanoTime();
        for (Operation operation : operations) {
            if (operation.isPublic()) {
                continue;
            }
            protectedOperations++;
            String target = operation.path(world.values);
            for (Map.Entry<String, String> credential : credentials.entrySet()) {
                requests++;
                expect(failures, operation, target, credential.getKey(), credential.getValue(), 401);
            }
            if ("admin".equals(operation.access())) {
                requests++;
                expect(failures, operation, target, "member", "Bearer " + member.token(), 403);
            }
            if ("admin".equals(operation.access()) || "member".equals(operation.access())) {
                requests++;
                expect(failures, operation, target, "viewer", "Bearer " + viewer.token(), 403);
            }
        }
        System.out.printf("access sweep: %d protected operations of %d, %d requests, %d failures, %d ms%n",
                protectedOperations, operations.size(), requests, failures.size(),
                (System.nanoTime() - started) / 1_000_000);

        assertThat(protectedOperations).isGreaterThan(50);
        assertThat(operations.stream().filter(operation -> "admin".equals(operation.access())).count()).isGreaterThan(5);
        assertThat(failures).isEmpty();
    }

    private void expect(List<String> failures, Operation operation, String target, String kind, String authorization,
                        int status) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Forwarded-For", Api.randomClientIp());
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        byte[] body = null;
        if (operation.multipart()) {
            headers.put("Content-Type", "multipart/form-data; boundary=B");
            body = ("--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhi\r\n--B--\r\n")
                    .getBytes(StandardCharsets.UTF_8);
        } else if (operation.body() != null) {
            headers.put("Content-Type", "application/json");
            body = "{}".getBytes(StandardCharsets.UTF_8);
        }
        RawHttp.Response response = RawHttp.send(port, operation.method(), target, headers, body);
        boolean problem = response.contentType() != null && response.contentType().startsWith("application/problem+json");
        if (response.status() != status || !problem) {
            failures.add(operation.key() + " [" + kind + "] -> " + response);
        } else if (status == 401 && response.header("WWW-Authenticate") == null) {
            failures.add(operation.key() + " [" + kind + "] -> 401 without WWW-Authenticate");
        }
    }

    private Api registered(String name) {
        String email = Fixtures.unique(name) + "@example.com";
        api.post("/auth/register", Map.of("email", email, "password", "correct-horse", "name", name));
        return api.withClientIp(Api.randomClientIp()).login(email, "correct-horse");
    }

    private static String unsigned() {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        String header = encoder.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = encoder.encodeToString(("{\"sub\":\"admin\",\"role\":\"admin\",\"email\":\"" + ADMIN_EMAIL
                + "\",\"exp\":" + Instant.now().plusSeconds(600).getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }

    private static String signed(byte[] key, Instant expiry) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject("admin")
                .claim("email", ADMIN_EMAIL).claim("role", "admin").issueTime(Date.from(Instant.now().minusSeconds(3600)))
                .expirationTime(Date.from(expiry)).build());
        jwt.sign(new MACSigner(key));
        return jwt.serialize();
    }
}
