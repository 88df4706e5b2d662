package dev.gathering.platform.web;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.gathering.platform.security.AccessInterceptor;
import dev.gathering.platform.security.PublicPaths;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The OpenAPI document ({@code /openapi.json}) as the wire is: snake_case property names (the naming strategy of the
 * API's JSON), constraints from the validation annotations (required, lengths, ranges, patterns; an alternation
 * pattern such as {@code a|b|c} is an enum), no bearer requirement on public routes, and each operation's access
 * level in {@code x-access} ({@code public}, {@code viewer}, {@code member}, {@code admin}; see
 * {@link AccessInterceptor}), which the access-control sweep test reads.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String ACCESS = "x-access";
    private static final Pattern ALTERNATION = Pattern.compile("[A-Za-z0-9_.-]+(\\|[A-Za-z0-9_.-]+)+");

    @Bean
    OpenAPI gatheringOpenApi(ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        return new OpenAPI()
                .info(new Info().title("GatheRing API").version(properties != null ? properties.getVersion() : "dev")
                        .description("Collaborative multi-agent AI server. Authenticate with POST /auth/login/json, "
                                + "then send Authorization: Bearer <access_token>. Each operation's x-access says who "
                                + "may call it: public, viewer (any signed-in user), member (a change: members and "
                                + "admins) or admin."))
                .components(new Components().addSecuritySchemes("bearer",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    /** Property names as Jackson writes and reads them; schema names unique across features (see {@link SchemaNames}). */
    @Bean
    ModelConverter snakeCaseModels(SchemaNames names) {
        return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE), names);
    }

    @Bean
    SchemaNames schemaNames() {
        return new SchemaNames();
    }

    /**
     * What the annotations alone do not say: a record component that may be null (a reference type without
     * {@code @NotNull}, {@code @NotBlank} or {@code @NotEmpty}) is nullable, as Jackson writes and reads it; validation
     * patterns match the whole value (anchored), and a plain alternation is an enum.
     */
    @Bean
    OpenApiCustomizer truthfulSchemas(SchemaNames names) {
        return openApi -> {
            if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
                return;
            }
            openApi.getComponents().getSchemas().forEach((name, schema) -> {
                walk(schema);
                Class<?> type = names.typeOf(name);
                if (type != null && type.isRecord() && schema.getProperties() != null) {
                    nullables(type, schema);
                }
            });
            if (openApi.getPaths() != null) {
                openApi.getPaths().values().forEach(item -> operations(item).forEach(operation -> {
                    if (operation.getParameters() != null) {
                        operation.getParameters().forEach(parameter -> walk(parameter.getSchema()));
                    }
                }));
            }
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void nullables(Class<?> type, Schema schema) {
        PropertyNamingStrategies.SnakeCaseStrategy snake = new PropertyNamingStrategies.SnakeCaseStrategy();
        Map<String, Schema> properties = schema.getProperties();
        for (RecordComponent component : type.getRecordComponents()) {
            java.lang.reflect.Method accessor = component.getAccessor();
            if (component.getType() == Object.class && properties.containsKey(snake.translate(component.getName()))) {
                // any JSON value (a number, a string, an object...), not only an object
                properties.put(snake.translate(component.getName()), new Schema());
                continue;
            }
            if (component.getType().isPrimitive() || accessor.isAnnotationPresent(jakarta.validation.constraints.NotNull.class)
                    || accessor.isAnnotationPresent(jakarta.validation.constraints.NotBlank.class)
                    || accessor.isAnnotationPresent(jakarta.validation.constraints.NotEmpty.class)) {
                continue;
            }
            String property = snake.translate(component.getName());
            Schema value = properties.get(property);
            if (value == null) {
                continue;
            }
            if (value.get$ref() != null) {
                Schema reference = new Schema().$ref(value.get$ref());
                properties.put(property, new Schema().anyOf(new java.util.ArrayList<>(List.of(reference,
                        new Schema().types(new java.util.LinkedHashSet<>(List.of("null")))))));
            } else if (value.getTypes() != null && !value.getTypes().isEmpty()) {
                value.addType("null");
            } else if (value.getType() != null) {
                value.types(new java.util.LinkedHashSet<>(List.of(value.getType(), "null")));
            }
            if (value.getEnum() != null && !value.getEnum().contains(null)) {
                value.getEnum().add(null);
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void walk(Schema schema) {
        if (schema == null) {
            return;
        }
        anchor(schema);
        walk(schema.getItems());
        if (schema.getProperties() != null) {
            ((Map<String, Schema>) schema.getProperties()).values().forEach(OpenApiConfiguration::walk);
        }
        if (schema.getAnyOf() != null) {
            ((List<Schema>) schema.getAnyOf()).forEach(OpenApiConfiguration::walk);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void anchor(Schema schema) {
        String pattern = schema.getPattern();
        if (pattern == null) {
            return;
        }
        if (ALTERNATION.matcher(pattern).matches()) {
            schema.setPattern(null);
            if (schema.getEnum() == null || schema.getEnum().isEmpty()) {
                schema.setEnum(new java.util.ArrayList<>(Arrays.asList(pattern.split("\\|"))));
            }
        } else if (!pattern.startsWith("^")) {
            schema.setPattern("^(?:" + pattern + ")$");
        }
    }

    /** {@code x-access} from the handler's annotations and the HTTP method. */
    @Bean
    OperationCustomizer accessLevels() {
        return (operation, handler) -> {
            RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
            String method = mapping == null || mapping.method().length == 0 ? "GET" : mapping.method()[0].name();
            operation.addExtension(ACCESS, AccessInterceptor.levelOf(handler, method).value());
            return operation;
        };
    }

    /** Public routes need no token: no security requirement, {@code x-access: public}. */
    @Bean
    OpenApiCustomizer publicRoutes() {
        return openApi -> {
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> {
                if (PublicPaths.isPublic(path)) {
                    for (Operation operation : operations(item)) {
                        // a public route that checks credentials itself (the metrics' scrape token) keeps its level
                        if (operation.getExtensions() == null || !"admin".equals(operation.getExtensions().get(ACCESS))) {
                            operation.setSecurity(List.of());
                            operation.addExtension(ACCESS, AccessInterceptor.Level.PUBLIC.value());
                        }
                    }
                }
            });
        };
    }

    private static List<Operation> operations(PathItem item) {
        return item.readOperationsMap().values().stream().toList();
    }
}
