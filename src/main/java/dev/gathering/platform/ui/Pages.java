package dev.gathering.platform.ui;

import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.security.CsrfTokens;
import dev.gathering.platform.security.SessionCookies;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Component;

/** Builds the {@link Page} of a request: {@code model.addAttribute("page", pages.of(request, user, "Agents", "agents"))}. */
@Component
public class Pages {

    public static final String THEME_COOKIE = "gathering_theme";

    private final Navigation navigation;
    private final CsrfTokens csrf;
    private final Assets assets;
    private final String version;
    private final boolean authDisabled;

    Pages(Navigation navigation, CsrfTokens csrf, Assets assets, ObjectProvider<BuildProperties> build,
          @Value("${gathering.auth.disabled:false}") boolean authDisabled) {
        this.navigation = navigation;
        this.csrf = csrf;
        this.assets = assets;
        BuildProperties properties = build.getIfAvailable();
        this.version = properties != null ? properties.getVersion() : "dev";
        this.authDisabled = authDisabled;
    }

    /** A page titled {@code title} whose live parts follow {@code topics} (comma-separated; "*" for all events). */
    public Page of(HttpServletRequest request, AuthenticatedUser user, String title, String topics) {
        String path = request.getRequestURI();
        return new Page(title, path, user, user == null ? "" : csrf.forUser(user), navigation.groups(),
                navigation.current(path), theme(request), version, topics, authDisabled, assets);
    }

    private static String theme(HttpServletRequest request) {
        String theme = SessionCookies.read(request, THEME_COOKIE);
        return "light".equals(theme) || "dark".equals(theme) ? theme : "auto";
    }
}
