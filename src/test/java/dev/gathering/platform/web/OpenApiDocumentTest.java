package dev.gathering.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.gathering.support.Api;
import dev.gathering.support.Fixtures;
import dev.gathering.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /openapi.json} tells the truth: property names as on the wire (snake_case), constraints from the validation
 * annotations, an access level per operation, and real answers of the main operations validate against it.
 */
class OpenApiDocumentTest extends IntegrationTest {

    private static final Pattern CAMEL_CASE = Pattern.compile("[a-z][A-Z]");

    private JsonNode document;
    private SchemaRegistry registry;

    @BeforeEach
    void load() {
        Api.Response response = api.get("/openapi.json");
        assertThat(response.status()).isEqualTo(200);
        document = response.json();
        registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    }

    private JsonNode schemas() {
        return document.get("components").get("schemas");
    }

    @Test
    void propertiesAreNamedAsOnTheWire() {
        List<String> camel = new ArrayList<>();
        schemas().properties().forEach(schema -> schema.getValue().path("properties").propertyNames().forEach(name -> {
            if (CAMEL_CASE.matcher(name).find()) {
                camel.add(schema.getKey() + "." + name);
            }
        }));
        document.get("paths").forEach(item -> item.forEach(operation -> operation.path("parameters").forEach(parameter -> {
            if (CAMEL_CASE.matcher(parameter.get("name").asString()).find() && !"path".equals(parameter.get("in").asString())) {
                camel.add(parameter.get("name").asString());
            }
        })));
        assertThat(camel).isEmpty();
    }

    @Test
    void constraintsComeFromTheValidationAnnotations() {
        JsonNode login = schemas().get("AuthLoginRequest");
        JsonNode provider = schemas().get("ProviderCreate").get("properties");
        JsonNode model = schemas().get("ModelCreate").get("properties");
        JsonNode persona = schemas().get("PersonaWrite").get("properties");

        assertThat(login.get("required").toString()).contains("email", "password");
        assertThat(login.get("properties").get("email").get("format").asString()).isEqualTo("email");
        assertThat(provider.get("api_type").get("enum").toString()).contains("openai", "anthropic", "local");
        assertThat(provider.get("name").get("pattern").asString()).startsWith("^").endsWith("$");
        assertThat(provider.get("name").get("maxLength").asInt()).isEqualTo(50);
        assertThat(model.get("pricing_in").get("maximum").asDouble()).isEqualTo(999999.9999);
        assertThat(model.get("pricing_in").get("minimum").asDouble()).isZero();
        assertThat(persona.get("communication_style").get("enum").toString()).contains("balanced");
        assertThat(schemas().get("AgentDetail").get("properties").get("current_task").toString()).contains("null");
    }

    @Test
    void everyOperationDeclaresWhoMayCallIt() {
        List<String> missing = new ArrayList<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            String access = operation.getValue().path("x-access").asString("");
            if (!List.of("public", "viewer", "member", "admin").contains(access)) {
                missing.add(operation.getKey().toUpperCase() + " " + path.getKey());
            }
        }));
        assertThat(missing).isEmpty();
        assertThat(operation("/health", "get").get("x-access").asString()).isEqualTo("public");
        assertThat(operation("/health", "get").get("security").isEmpty()).isTrue();
        assertThat(operation("/agents", "post").get("x-access").asString()).isEqualTo("member");
        assertThat(operation("/agents", "get").get("x-access").asString()).isEqualTo("viewer");
        assertThat(operation("/auth/users", "get").get("x-access").asString()).isEqualTo("admin");
        assertThat(operation("/memories/knowledge/search", "post").get("x-access").asString()).isEqualTo("viewer");
    }

    @Test
    void realAnswersOfTheMainOperationsMatchTheDocument() {
        Api admin = admin();
        long agent = Fixtures.agent(admin, Fixtures.unique("documented"), "local", "local-responder", Map.of());
        String circle = Fixtures.unique("documented");
        long circleId = admin.post("/circles", Map.of("name", circle)).json().get("circle_id").asLong();
        admin.post("/circles/" + circle + "/agents", Map.of("agent_id", agent));
        admin.post("/circles/" + circle + "/start");
        admin.post("/agents/" + agent + "/chat", Map.of("message", "hello"));
        admin.post("/memories/agents/" + agent + "/remember", Map.of("content", "documented memory", "tags", List.of("doc")));
        admin.post("/memories/knowledge", Map.of("title", "Documented", "content", "An entry", "circle_id", circleId));

        List<String> failures = new ArrayList<>();
        check(failures, "/auth/login/json", "post", admin.post("/auth/login/json",
                Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD)));
        check(failures, "/auth/me", "get", admin.get("/auth/me"));
        check(failures, "/auth/users", "get", admin.get("/auth/users"));
        check(failures, "/agents", "get", admin.get("/agents"));
        check(failures, "/agents", "post", admin.post("/agents", Map.of("persona", Map.of("name", "Doc", "role", "r"),
                "config", Map.of("provider", "local", "model", "local-responder"))));
        check(failures, "/agents/{agentId}", "get", admin.get("/agents/" + agent));
        check(failures, "/agents/{agentId}/history", "get", admin.get("/agents/" + agent + "/history"));
        check(failures, "/agents/{agentId}/usage", "get", admin.get("/agents/" + agent + "/usage"));
        check(failures, "/agents/{agentId}/chat", "post", admin.post("/agents/" + agent + "/chat", Map.of("message", "again")));
        check(failures, "/usage", "get", admin.get("/usage"));
        check(failures, "/personas", "get", admin.get("/personas"));
        check(failures, "/providers", "get", admin.get("/providers"));
        check(failures, "/models", "get", admin.get("/models"));
        check(failures, "/circles", "get", admin.get("/circles"));
        check(failures, "/circles/{name}", "get", admin.get("/circles/" + circle));
        check(failures, "/circles/{name}/tasks", "post", admin.post("/circles/" + circle + "/tasks",
                Map.of("title", "Documented task", "priority", "high")));
        check(failures, "/circles/{name}/tasks", "get", admin.get("/circles/" + circle + "/tasks"));
        check(failures, "/circles/{name}/metrics", "get", admin.get("/circles/" + circle + "/metrics"));
        check(failures, "/memories/agents/{agentId}", "get", admin.get("/memories/agents/" + agent));
        check(failures, "/memories/agents/{agentId}/stats", "get", admin.get("/memories/agents/" + agent + "/stats"));
        check(failures, "/memories/agents/{agentId}/recall", "post", admin.post("/memories/agents/" + agent + "/recall",
                Map.of("query", "documented", "threshold", 0)));
        check(failures, "/memories/knowledge", "get", admin.get("/memories/knowledge"));
        check(failures, "/memories/knowledge/search", "post", admin.post("/memories/knowledge/search",
                Map.of("query", "Documented entry")));
        check(failures, "/memories/knowledge/stats", "get", admin.get("/memories/knowledge/stats"));
        check(failures, "/settings", "get", admin.get("/settings"));
        check(failures, "/health", "get", admin.get("/health"));
        check(failures, "/health/checks", "get", admin.get("/health/checks"));
        check(failures, "/health/system", "get", admin.get("/health/system"));
        admin.post("/circles/" + circle + "/stop");

        assertThat(failures).isEmpty();
    }

    private JsonNode operation(String path, String method) {
        return document.get("paths").get(path).get(method);
    }

    private void check(List<String> failures, String path, String method, Api.Response response) {
        String where = method.toUpperCase() + " " + path;
        JsonNode responses = operation(path, method).get("responses");
        JsonNode declared = responses.get(String.valueOf(response.status()));
        if (declared == null) {
            failures.add(where + ": status " + response.status() + " is not documented (" + response.body() + ")");
            return;
        }
        JsonNode schema = declared.path("content").path("application/json").path("schema");
        if (schema.isMissingNode()) {
            failures.add(where + ": no application/json schema for " + response.status());
            return;
        }
        ObjectNode root = Api.JSON.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.putArray("allOf").add(schema);
        root.set("components", document.get("components"));
        Schema validator = registry.getSchema(root);
        List<Error> errors = validator.validate(response.json());
        if (!errors.isEmpty()) {
            failures.add(where + ": " + errors.stream().limit(5).map(Error::toString).toList());
        }
    }
}
