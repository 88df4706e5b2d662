package dev.gathering.dashboard;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

import dev.gathering.agent.UsageReports;
import dev.gathering.circle.CircleService;
import dev.gathering.health.HealthCheck;
import dev.gathering.health.HealthReport;
import dev.gathering.platform.events.EventStreams;
import dev.gathering.platform.ratelimit.RateLimited;
import dev.gathering.platform.ratelimit.Tier;
import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.ui.EventView;
import dev.gathering.platform.ui.NavContributor;
import dev.gathering.platform.ui.NavItem;
import dev.gathering.platform.ui.Pages;
import dev.gathering.platform.ui.Section;
import dev.gathering.platform.ui.UiController;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The overview ({@code /ui/}): counts, health, today's tokens and cost, charts of usage and task throughput, and
 * the live event feed; the events page ({@code /ui/events}) with its topic filter; and {@code GET /} for a browser.
 */
@UiController
class OverviewPages implements NavContributor {

    static final int CHART_DAYS = 14;

    /** What the summary cards show; refreshed as events arrive. */
    record Summary(DashboardStats stats, UsageReports.Day today, List<HealthCheck> checks, String overall) {

        String costToday() {
            return "$" + today.costUsd().setScale(today.costUsd().compareTo(BigDecimal.ONE) < 0 ? 4 : 2, RoundingMode.HALF_UP)
                    .toPlainString();
        }

        /** Busy agents as a share of all, for the progress bar (0–100). */
        long busyPercent() {
            return stats.agents() == 0 ? 0 : Math.round(100.0 * stats.busyAgents() / stats.agents());
        }

        long runningPercent() {
            return stats.circles() == 0 ? 0 : Math.round(100.0 * stats.runningCircles() / stats.circles());
        }
    }

    private final DashboardService dashboard;
    private final UsageReports usage;
    private final CircleService circles;
    private final HealthReport health;
    private final EventStreams events;
    private final Pages pages;

    OverviewPages(DashboardService dashboard, UsageReports usage, CircleService circles, HealthReport health,
                  EventStreams events, Pages pages) {
        this.dashboard = dashboard;
        this.usage = usage;
        this.circles = circles;
        this.health = health;
        this.events = events;
        this.pages = pages;
    }

    @Override
    public List<NavItem> navItems() {
        return List.of(new NavItem(Section.OVERVIEW, "Overview", "/ui/", "overview", 0),
                new NavItem(Section.SYSTEM, "Events", "/ui/events", "events", 90));
    }

    /** A browser opening the server lands on the dashboard; API clients keep getting the JSON of {@code GET /}. */
    @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
    @RateLimited(Tier.HEALTH)
    @io.swagger.v3.oas.annotations.Hidden
    String root() {
        return "redirect:/ui/";
    }

    @GetMapping({"/ui", "/ui/"})
    @RateLimited(Tier.READ)
    String overview(@AuthenticationPrincipal AuthenticatedUser user, HttpServletRequest request, Model model) {
        List<UsageReports.Day> days = usage.daily(null, CHART_DAYS, user);
        model.addAttribute("page", pages.of(request, user, "Overview", "*"));
        model.addAttribute("summary", summary(days));
        model.addAttribute("usage", UsageReports.tokenChart(days));
        model.addAttribute("cost", UsageReports.costChart(days));
        model.addAttribute("throughput", Charts.throughput(circles.throughput(CHART_DAYS)));
        model.addAttribute("recent", events.recent(List.of(), 25, user).stream().map(EventView::of).toList());
        return "dashboard/overview";
    }

    /** The cards of the overview, re-fetched by the page when events arrive. */
    @GetMapping("/ui/overview/summary")
    @RateLimited(Tier.READ)
    String summaryFragment(@AuthenticationPrincipal AuthenticatedUser user, Model model) {
        model.addAttribute("summary", summary(usage.daily(null, 1, user)));
        return "dashboard/summary";
    }

    @GetMapping("/ui/events")
    @RateLimited(Tier.READ)
    String events(@AuthenticationPrincipal AuthenticatedUser user, @RequestParam(defaultValue = "") String topics,
                  HttpServletRequest request, Model model) {
        List<String> filter = EventStreams.topics(topics);
        model.addAttribute("page", pages.of(request, user, "Events", filter.isEmpty() ? "*" : String.join(",", filter)));
        model.addAttribute("topics", String.join(", ", filter));
        model.addAttribute("recent", events.recent(filter, 100, user).stream().map(EventView::of).toList());
        return "dashboard/events";
    }

    private Summary summary(List<UsageReports.Day> days) {
        List<HealthCheck> checks = health.checks();
        return new Summary(dashboard.stats(), days.getLast(), checks, HealthReport.overall(checks));
    }
}
