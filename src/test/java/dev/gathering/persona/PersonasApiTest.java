package dev.gathering.persona;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.gathering.support.Api;
import dev.gathering.support.Fixtures;
import dev.gathering.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PersonasApiTest extends IntegrationTest {

    @Test
    void builtInPersonasAreSeededAndCannotBeDeleted() {
        Api admin = admin();
        JsonNode personas = admin.get("/personas").json();
        JsonNode architect = personas.get("personas").valueStream()
                .filter(p -> p.get("display_name").asString().equals("Architect")).findFirst().orElseThrow();

        Api.Response refused = admin.delete("/personas/" + architect.get("id").asLong());

        assertThat(personas.get("total").asInt()).isGreaterThanOrEqualTo(6);
        assertThat(architect.get("is_builtin").asBoolean()).isTrue();
        assertThat(architect.get("traits").size()).isPositive();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("detail").asString()).contains("built in");
    }

    @Test
    void personasAreCreatedPatchedAndDeleted() {
        Api admin = admin();
        String name = Fixtures.unique("Reviewer");

        Api.Response created = admin.post("/personas", Map.of("display_name", name, "role", "Code reviewer",
                "traits", List.of("strict"), "communication_style", "formal", "languages", List.of("fr", "en")));
        long id = created.json().get("id").asLong();
        Api.Response patched = admin.patch("/personas/" + id, Map.of("motto", "Read it twice"));
        Api.Response duplicate = admin.post("/personas", Map.of("display_name", name.toUpperCase(), "role", "x"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("languages").toString()).isEqualTo("[\"fr\",\"en\"]");
        assertThat(patched.json().get("motto").asString()).isEqualTo("Read it twice");
        assertThat(patched.json().get("role").asString()).isEqualTo("Code reviewer");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(admin.delete("/personas/" + id).status()).isEqualTo(204);
        assertThat(admin.get("/personas/" + id).status()).isEqualTo(404);
    }

    @Test
    void creationValidatesItsFields() {
        Api.Response missing = admin().post("/personas", Map.of("role", "no name"));
        Api.Response badStyle = admin().post("/personas", Map.of("display_name", Fixtures.unique("x"), "role", "r",
                "communication_style", "shouting"));

        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().get("errors").toString()).contains("display_name");
        assertThat(badStyle.status()).isEqualTo(422);
    }

    @Test
    void aPersonaWithoutLanguagesOrStyleGetsTheDefaults() {
        Api.Response created = admin().post("/personas", Map.of("display_name", Fixtures.unique("Plain"), "role", "Helper"));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("languages").toString()).isEqualTo("[\"en\"]");
        assertThat(created.json().get("communication_style").asString()).isEqualTo("balanced");
    }
}
