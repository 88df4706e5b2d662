package dev.gathering.skill;

import java.util.List;
import java.util.Set;

/**
 * A named group of tools. Features implement it as a Spring bean to contribute tools to agents; the catalogue picks
 * every bean up at start. Tool names are unique over all skills.
 */
public interface Skill {

    /** Unique, lower case: {@code calculator}, {@code http}, {@code plugin:weather}. */
    String name();

    String displayName();

    String description();

    /** Groups skills in the catalogue: {@code utility}, {@code network}, {@code files}, {@code gathering}… */
    String category();

    default String version() {
        return "1.0.0";
    }

    /** Permissions the agent must hold for any tool of this skill to be offered. Tools may require more. */
    Set<Permission> permissions();

    /**
     * Runs programs or code on the server. Such a skill is never enabled by default, and it is refused outright
     * unless {@code GATHERING_AGENT_EXEC=true}.
     */
    default boolean dangerous() {
        return false;
    }

    List<Tool> tools();
}
