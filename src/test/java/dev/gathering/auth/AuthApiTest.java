package dev.gathering.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gathering.platform.security.ServerSecret;
import dev.gathering.support.Api;
import dev.gathering.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class AuthApiTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ServerSecret signingKey;

    private String newEmail() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }

    private Api registerAndLogin(String email) {
        assertThat(api.post("/auth/register", Map.of("email", email, "password", "correct-horse", "name", "Ada")).status())
                .isEqualTo(201);
        return api.login(email, "correct-horse");
    }

    @Test
    void registerCreatesAUserWhoCanLogInAndSeeThemselves() {
        String email = newEmail();
        Api.Response registered = api.post("/auth/register", Map.of("email", email, "password", "correct-horse", "name", "Ada"));

        assertThat(registered.status()).isEqualTo(201);
        JsonNode user = registered.json();
        assertThat(user.get("id").asString()).hasSize(36);
        assertThat(user.get("email").asString()).isEqualTo(email);
        assertThat(user.get("name").asString()).isEqualTo("Ada");
        assertThat(user.get("role").asString()).isEqualTo("member");
        assertThat(user.get("is_active").asBoolean()).isTrue();
        assertThat(user.get("created_at").asString()).endsWith("Z");

        Api.Response login = api.post("/auth/login/json", Map.of("email", email.toUpperCase(), "password", "correct-horse"));
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().get("token_type").asString()).isEqualTo("bearer");
        assertThat(login.json().get("expires_in").asLong()).isEqualTo(86400);

        JsonNode me = api.withToken(login.json().get("access_token").asString()).get("/auth/me").json();
        assertThat(me.get("id").asString()).isEqualTo(user.get("id").asString());
        assertThat(me.get("email").asString()).isEqualTo(email);
    }

    @Test
    void theFormLoginTakesTheEmailAsUsername() {
        String email = newEmail();
        registerAndLogin(email);

        Api.Response login = api.postForm("/auth/login", Map.of("username", email, "password", "correct-horse"));

        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().get("access_token").asString()).contains(".");
        assertThat(api.postForm("/auth/login", Map.of("username", email)).status()).isEqualTo(422);
    }

    @Test
    void tokensCarryTheUpstreamClaimsAndLastADay() {
        String email = newEmail();
        Api user = registerAndLogin(email);
        JsonNode claims = Api.JSON.readTree(new String(Base64.getUrlDecoder()
                .decode(user.token().split("\\.")[1]), StandardCharsets.UTF_8));

        assertThat(claims.get("sub").asString()).hasSize(36);
        assertThat(claims.get("email").asString()).isEqualTo(email);
        assertThat(claims.get("role").asString()).isEqualTo("member");
        assertThat(claims.get("jti").asString()).isNotBlank();
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(86400);
    }

    @Test
    void registeringATakenEmailIsRefusedWhateverItsCase() {
        String email = newEmail();
        registerAndLogin(email);

        Api.Response again = api.post("/auth/register", Map.of("email", email.toUpperCase(), "password", "another-pass", "name", "Eve"));

        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().get("detail").asString()).isEqualTo("Email already registered");
        assertThat(jdbc.sql("SELECT count(*) FROM auth.users WHERE email_lower = lower(?)").param(email).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void registrationValidatesItsFields() {
        Api.Response response = api.post("/auth/register", Map.of("email", "not-an-email", "password", "short", "name", ""));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("errors").findValuesAsString("msg")).hasSize(3);
        assertThat(response.json().get("errors").toString()).contains("\"body\",\"password\"", "\"body\",\"email\"", "\"body\",\"name\"");
    }

    @Test
    void wrongPasswordAndUnknownEmailGetTheSameAnswerAndAreAudited() {
        String email = newEmail();
        registerAndLogin(email);

        Api.Response wrongPassword = api.post("/auth/login/json", Map.of("email", email, "password", "wrong-password"));
        Api.Response unknownEmail = api.post("/auth/login/json", Map.of("email", newEmail(), "password", "wrong-password"));

        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownEmail.status()).isEqualTo(401);
        assertThat(wrongPassword.json().get("detail").asString()).isEqualTo("Incorrect email or password");
        assertThat(unknownEmail.json().get("detail").asString()).isEqualTo("Incorrect email or password");
        assertThat(jdbc.sql("""
                SELECT event_type FROM audit.security_events
                WHERE details->>'email' = lower(?) ORDER BY id""").param(email).query(String.class).list())
                .containsExactly("user_registered", "auth_success", "auth_failure");
        assertThat(jdbc.sql("SELECT host(ip_address) FROM audit.security_events WHERE details->>'email' = lower(?) LIMIT 1")
                .param(email).query(String.class).single()).isEqualTo(api.clientIp());
    }

    @Test
    void theEnvironmentAdministratorLogsInWithoutADatabaseRow() {
        Api admin = admin();

        JsonNode me = admin.get("/auth/me").json();

        assertThat(me.get("id").asString()).isEqualTo("admin");
        assertThat(me.get("name").asString()).isEqualTo("Administrator");
        assertThat(me.get("role").asString()).isEqualTo("admin");
        assertThat(api.post("/auth/login/json", Map.of("email", ADMIN_EMAIL, "password", "not-the-password")).status())
                .isEqualTo(401);
    }

    @Test
    void verifyDescribesTheToken() {
        Api user = registerAndLogin(newEmail());

        JsonNode verification = user.post("/auth/verify").json();

        assertThat(verification.get("valid").asBoolean()).isTrue();
        assertThat(verification.get("role").asString()).isEqualTo("member");
        assertThat(Instant.parse(verification.get("expires_at").asString())).isAfter(Instant.now().plusSeconds(86000));
    }

    @Test
    void logoutRevokesTheToken() {
        Api user = registerAndLogin(newEmail());
        assertThat(user.get("/auth/me").status()).isEqualTo(200);

        Api.Response logout = user.post("/auth/logout");

        assertThat(logout.status()).isEqualTo(200);
        assertThat(logout.json().get("message").asString()).isEqualTo("Successfully logged out");
        Api.Response after = user.get("/auth/me");
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.json().get("detail").asString()).isEqualTo("Invalid or expired token");
        assertThat(after.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void aDeactivatedUserIsNoLongerRecognised() {
        String email = newEmail();
        Api user = registerAndLogin(email);
        jdbc.sql("UPDATE auth.users SET is_active = false WHERE email_lower = lower(?)").param(email).update();

        Api.Response me = user.get("/auth/me");

        assertThat(me.status()).isEqualTo(401);
        assertThat(me.json().get("detail").asString()).isEqualTo("User is inactive or does not exist");
        assertThat(api.post("/auth/login/json", Map.of("email", email, "password", "correct-horse")).status()).isEqualTo(401);
    }

    @Test
    void blacklistStatsAreForAdministratorsOnly() {
        Api user = registerAndLogin(newEmail());
        user.post("/auth/logout");

        Api.Response forbidden = registerAndLogin(newEmail()).get("/auth/blacklist/stats");
        JsonNode stats = admin().get("/auth/blacklist/stats").json();

        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.json().get("detail").asString()).isEqualTo("Admin access required");
        assertThat(stats.get("cache_max_size").asLong()).isEqualTo(10000);
        assertThat(stats.get("db_active_tokens").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(stats.get("cache_size").asLong()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void missingMalformedTamperedAndExpiredTokensAreRejected() throws Exception {
        Api.Response missing = api.get("/auth/me");
        Api.Response malformed = api.send(api.request("/auth/me").header("Authorization", "Token abc"));
        String good = admin().token();
        String tampered = good.substring(0, good.length() - 3) + (good.endsWith("AAA") ? "BBB" : "AAA");
        String expired = sign(new JWTClaimsSet.Builder().subject("admin").claim("email", ADMIN_EMAIL).claim("role", "admin")
                .expirationTime(Date.from(Instant.now().minusSeconds(5))).build());

        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.json().get("detail").asString()).isEqualTo("Missing authentication token");
        assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(malformed.status()).isEqualTo(401);
        assertThat(malformed.json().get("detail").asString()).isEqualTo("Invalid authentication header format");
        for (String token : new String[] {tampered, expired, "not.a.jwt"}) {
            Api.Response response = api.withToken(token).get("/auth/me");
            assertThat(response.status()).as(token).isEqualTo(401);
            assertThat(response.json().get("detail").asString()).isEqualTo("Invalid or expired token");
        }
        assertThat(api.get("/health").status()).isEqualTo(200);
        assertThat(api.withToken(tampered).get("/health").status()).isEqualTo(200);
    }

    @Test
    void aTokenWithoutRoleIsAPlainUser() throws Exception {
        String token = sign(new JWTClaimsSet.Builder().subject("admin").claim("email", ADMIN_EMAIL)
                .expirationTime(Date.from(Instant.now().plusSeconds(60))).build());

        Api.Response stats = api.withToken(token).get("/auth/blacklist/stats");

        assertThat(stats.status()).isEqualTo(403);
    }

    private String sign(JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(signingKey.bytes()));
        return jwt.serialize();
    }
}
