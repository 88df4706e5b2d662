package dev.gathering.platform.ui;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** The sidebar: every {@link NavContributor}'s entries, grouped by {@link Section}, computed once. */
@Component
public class Navigation {

    public record Group(Section section, List<NavItem> items) {
    }

    private final ObjectProvider<NavContributor> contributors;
    private volatile List<Group> groups;

    Navigation(ObjectProvider<NavContributor> contributors) {
        this.contributors = contributors;
    }

    public List<Group> groups() {
        List<Group> known = groups;
        if (known == null) {
            Map<Section, List<NavItem>> bySection = new EnumMap<>(Section.class);
            contributors.orderedStream().flatMap(contributor -> contributor.navItems().stream())
                    .forEach(item -> bySection.computeIfAbsent(item.section(), s -> new ArrayList<>()).add(item));
            List<Group> computed = new ArrayList<>();
            bySection.forEach((section, items) -> computed.add(new Group(section,
                    items.stream().sorted(Comparator.comparingInt(NavItem::order).thenComparing(NavItem::label)).toList())));
            groups = known = List.copyOf(computed);
        }
        return known;
    }

    /** The entry a path belongs to: the one with the longest {@code href} that is a prefix of it. */
    public NavItem current(String path) {
        NavItem best = null;
        for (Group group : groups()) {
            for (NavItem item : group.items()) {
                boolean under = path.equals(item.href()) || path.startsWith(item.href().endsWith("/") ? item.href() : item.href() + "/");
                if (under && (best == null || item.href().length() > best.href().length())) {
                    best = item;
                }
            }
        }
        return best;
    }
}
