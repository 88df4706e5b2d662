package dev.gathering.skill;

import java.util.List;

/**
 * A named group of tools. Features implement it as a Spring bean to contribute tools to agents; the catalogue picks
 * every bean up at start. Tool names are unique over all skills.
 */
public interface Skill {

    /** What the catalogue shows and the dispatcher checks: name, description, category, permissions, danger. */
    SkillInfo info();

    List<Tool> tools();

    /** Unique, lower case: {@code calculator}, {@code http}, {@code plugin:weather}. */
    default String name() {
        return info().name();
    }
}
