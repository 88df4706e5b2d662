package dev.gathering.skill;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** What a skill may do on an agent's behalf (upstream §8.1). An agent holds a set of them. */
public enum Permission {
    READ, WRITE, EXECUTE, DELETE, NETWORK, GIT, DEPLOY, ADMIN;

    /** What a new agent holds: everything but running programs, deleting, deploying and administration. */
    public static final Set<Permission> DEFAULTS = Set.copyOf(EnumSet.of(READ, WRITE, NETWORK, GIT));

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Permission parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("Unknown permission '" + value + "'; permissions are " + allNames());
        }
    }

    public static String allNames() {
        return Arrays.stream(values()).map(Permission::wire).collect(Collectors.joining(", "));
    }

    public static java.util.List<String> names(Collection<Permission> permissions) {
        return permissions.stream().sorted().map(Permission::wire).toList();
    }
}
