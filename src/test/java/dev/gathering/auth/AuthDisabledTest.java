package dev.gathering.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gathering.support.Api;
import dev.gathering.support.TestDatabases;
import dev.gathering.support.TestServer;
import org.junit.jupiter.api.Test;

class AuthDisabledTest {

    @Test
    void withAuthDisabledRequestsWithoutATokenAreServedAsTheLocalDeveloper() {
        try (TestServer server = TestServer.on(TestDatabases.create()).set("gathering.auth.disabled", "true").start()) {
            Api api = server.api();

            Api.Response me = api.get("/auth/me");

            assertThat(me.status()).isEqualTo(200);
            assertThat(me.json().get("role").asString()).isEqualTo("admin");
            assertThat(api.get("/health/checks").status()).isEqualTo(200);
        }
    }

    @Test
    void productionRefusesToStartWithAuthDisabled() {
        var builder = TestServer.on(TestDatabases.create()).set("gathering.auth.disabled", "true").set("gathering.env", "production");

        org.assertj.core.api.Assertions.assertThatThrownBy(builder::start)
                .hasStackTraceContaining("GATHERING_AUTH_DISABLED=true is refused when GATHERING_ENV=production");
    }
}
