package dev.gathering.platform.ui;

import java.util.List;

/**
 * Implemented by a feature's page controller (or any bean) to put its pages in the sidebar, without editing a
 * central list: {@code List.of(new NavItem(Section.AGENTS_AND_TEAMS, "Agents", "/ui/agents", "agents", 10))}.
 */
public interface NavContributor {

    List<NavItem> navItems();
}
