package dev.gathering.platform.web;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JavaType;
import io.swagger.v3.core.jackson.TypeNameResolver;

/**
 * Names of the OpenAPI document's schemas. The features' JSON shapes are nested records with short names
 * ({@code AgentViews.Detail}, {@code CircleViews.Detail}): a nested type is named after its enclosing class too
 * ({@code AgentDetail}, {@code CircleDetail}), so that two features' shapes never share a name. Remembers which type
 * each name stands for.
 */
final class SchemaNames extends TypeNameResolver {

    private static final String[] ROLES = {"Controller", "Views", "Service", "Repository"};

    private final Map<String, Class<?>> types = new ConcurrentHashMap<>();

    @Override
    protected String nameForClass(JavaType type, Set<Options> options) {
        String name = super.nameForClass(type, options);
        types.putIfAbsent(name, type.getRawClass());
        return name;
    }

    @Override
    protected String getNameOfClass(Class<?> type) {
        String simple = super.getNameOfClass(type);
        Class<?> enclosing = type.getEnclosingClass();
        if (enclosing == null || !type.getName().startsWith("dev.gathering.")) {
            return simple;
        }
        String prefix = enclosing.getSimpleName();
        for (String role : ROLES) {
            if (prefix.endsWith(role) && prefix.length() > role.length()) {
                prefix = prefix.substring(0, prefix.length() - role.length());
                break;
            }
        }
        return simple.startsWith(prefix) ? simple : prefix + simple;
    }

    Class<?> typeOf(String schemaName) {
        return types.get(schemaName);
    }
}
