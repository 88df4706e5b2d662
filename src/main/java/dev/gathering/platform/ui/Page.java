package dev.gathering.platform.ui;

import java.util.List;

import dev.gathering.platform.security.AuthenticatedUser;

/**
 * What the shared layout ({@code platform/ui/layout.jte}) needs to frame a page: its title, the signed-in user,
 * the CSRF token of its forms and htmx requests, the sidebar, the theme, and the topics of its live stream.
 *
 * @param title   the page's heading and the document title
 * @param path    the request path (which sidebar entry is current)
 * @param topics  the event topics the page listens to, comma-separated ({@code circles:5}); "*" for every event
 */
public record Page(String title, String path, AuthenticatedUser user, String csrf, List<Navigation.Group> navigation,
                   NavItem current, String theme, String version, String topics, boolean authDisabled, Assets assets) {

    public String asset(String name) {
        return assets.asset(name);
    }

    public String vendor(String webjar, String file) {
        return assets.vendor(webjar, file);
    }

    public boolean isCurrent(NavItem item) {
        return item.equals(current);
    }

    /** The page's live stream (htmx {@code sse-connect}). */
    public String streamUrl() {
        return "/ui/events/stream?topics=" + java.net.URLEncoder.encode(topics, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The same page listening to other topics. */
    public Page listeningTo(String otherTopics) {
        return new Page(title, path, user, csrf, navigation, current, theme, version, otherTopics, authDisabled, assets);
    }

    public Page titled(String otherTitle) {
        return new Page(otherTitle, path, user, csrf, navigation, current, theme, version, topics, authDisabled, assets);
    }

    public boolean isAdmin() {
        return user != null && user.isAdmin();
    }

    public String userLabel() {
        return user == null ? "" : user.email() != null ? user.email() : user.id();
    }

    public String userInitial() {
        String label = userLabel();
        return label.isEmpty() ? "?" : label.substring(0, 1).toUpperCase();
    }
}
