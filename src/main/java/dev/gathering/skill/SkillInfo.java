package dev.gathering.skill;

import java.util.EnumSet;
import java.util.Set;

/**
 * A skill as the catalogue describes it.
 *
 * @param name        unique, lower case: {@code calculator}, {@code http}, {@code plugin:weather}
 * @param displayName what people read
 * @param description what it is for
 * @param category    groups skills in the catalogue: {@code utility}, {@code network}, {@code gathering}…
 * @param version     the skill's version
 * @param permissions what the agent must hold for any tool of this skill to be offered (tools may require more)
 * @param dangerous   runs programs or code on the server: never enabled by default, refused outright unless
 *                    {@code GATHERING_AGENT_EXEC=true}
 */
public record SkillInfo(String name, String displayName, String description, String category, String version,
                        Set<Permission> permissions, boolean dangerous) {

    public SkillInfo {
        permissions = permissions == null || permissions.isEmpty() ? Set.of() : Set.copyOf(permissions);
        version = version == null ? "1.0.0" : version;
    }

    public static SkillInfo of(String name, String displayName, String description, String category,
                               Permission... permissions) {
        Set<Permission> needed = EnumSet.noneOf(Permission.class);
        needed.addAll(java.util.List.of(permissions));
        return new SkillInfo(name, displayName, description, category, "1.0.0", needed, false);
    }

    /** The same skill, marked as running programs on the server. */
    public SkillInfo runsPrograms() {
        return new SkillInfo(name, displayName, description, category, version, permissions, true);
    }

    public SkillInfo withVersion(String newVersion) {
        return new SkillInfo(name, displayName, description, category, newVersion, permissions, dangerous);
    }
}
