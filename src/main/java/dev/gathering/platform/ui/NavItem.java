package dev.gathering.platform.ui;

/**
 * One sidebar entry.
 *
 * @param section the group it appears in
 * @param label   what the link says
 * @param href    where it goes ({@code /ui/agents}); a page is "current" for every path under it
 * @param icon    an icon name of {@code platform/ui/icon.jte}
 * @param order   its place in the group (lower first)
 */
public record NavItem(Section section, String label, String href, String icon, int order) {
}
