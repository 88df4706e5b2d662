package dev.gathering.circle;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import dev.gathering.agent.Agent;
import dev.gathering.agent.AgentService;
import dev.gathering.platform.ratelimit.RateLimited;
import dev.gathering.platform.ratelimit.Tier;
import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.ui.NavContributor;
import dev.gathering.platform.ui.NavItem;
import dev.gathering.platform.ui.Pages;
import dev.gathering.platform.ui.Section;
import dev.gathering.platform.ui.UiController;
import dev.gathering.platform.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The circles pages: the list with its creation form, and a circle's live board (tasks by status, members and
 * their metrics, conflicts) with its controls: start and stop, add a member, create a task, approve or send back
 * work in review. The board follows the circle's events ({@code circles:{id}}) and re-renders its live part; the
 * actions answer with that part too, so the page is current whichever comes first.
 */
@UiController
class CirclePages implements NavContributor {

    static final int BOARD_TASKS = 500;

    record CircleForm(String name, boolean requireReview, boolean autoRoute, String maxConcurrentTasks) {
        static final CircleForm EMPTY = new CircleForm("", true, true, "5");
    }

    record ListView(List<Circle> circles, CircleForm form, String error) {
    }

    /** The live part of a board. */
    record Board(Circle circle, List<CircleTask> pending, List<CircleTask> inProgress, List<CircleTask> review,
                 List<CircleTask> done, List<Member> members, List<Conflict> conflicts, long total) {

        List<Member> reviewersFor(CircleTask task) {
            return members.stream().filter(m -> task.assignedAgentId() == null || m.agentId() != task.assignedAgentId()).toList();
        }

        long completedPercent() {
            return total == 0 ? 0 : Math.round(100.0 * circle.completedTasks() / total);
        }
    }

    record BoardPage(Board board, List<Agent> candidates) {
    }

    private final CircleService circles;
    private final TaskService tasks;
    private final CircleWorker worker;
    private final AgentService agents;
    private final Pages pages;

    CirclePages(CircleService circles, TaskService tasks, CircleWorker worker, AgentService agents, Pages pages) {
        this.circles = circles;
        this.tasks = tasks;
        this.worker = worker;
        this.agents = agents;
        this.pages = pages;
    }

    @Override
    public List<NavItem> navItems() {
        return List.of(new NavItem(Section.WORK, "Circles", "/ui/circles", "circles", 10));
    }

    @GetMapping("/ui/circles")
    @RateLimited(Tier.READ)
    String list(@AuthenticationPrincipal AuthenticatedUser user, HttpServletRequest request, Model model) {
        return listPage(model, request, user, CircleForm.EMPTY, null);
    }

    @GetMapping("/ui/circles/cards")
    @RateLimited(Tier.READ)
    String cards(Model model) {
        model.addAttribute("circles", circles.list(500, 0));
        return "circle/cards";
    }

    @PostMapping("/ui/circles")
    @RateLimited(Tier.WRITE)
    String create(@AuthenticationPrincipal AuthenticatedUser user, @RequestParam(defaultValue = "") String name,
                  @RequestParam(name = "require_review", required = false) String requireReview,
                  @RequestParam(name = "auto_route", required = false) String autoRoute,
                  @RequestParam(name = "max_concurrent_tasks", defaultValue = "5") String maxConcurrent,
                  HttpServletRequest request, HttpServletResponse response, Model model) {
        CircleForm form = new CircleForm(name, requireReview != null, autoRoute != null, maxConcurrent);
        try {
            String trimmed = name.trim();
            if (!trimmed.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
                throw ApiException.unprocessable("A circle's name has letters, digits, '.', '_' and '-' (no spaces), "
                        + "starting with a letter or digit, e.g. core-team");
            }
            int concurrent;
            try {
                concurrent = Integer.parseInt(maxConcurrent.trim());
            } catch (NumberFormatException e) {
                concurrent = -1;
            }
            if (concurrent < 1 || concurrent > 100) {
                throw ApiException.unprocessable("At most 1 to 100 tasks can run at once");
            }
            Circle circle = circles.create(trimmed, form.requireReview(), form.autoRoute(), concurrent, null, user);
            return "redirect:/ui/circles/" + circle.name();
        } catch (ApiException e) {
            response.setStatus(e.status().value());
            return listPage(model, request, user, form, e.getMessage());
        }
    }

    @GetMapping("/ui/circles/id/{circleId}")
    @RateLimited(Tier.READ)
    String byId(@PathVariable long circleId) {
        Circle circle = circles.find(circleId)
                .orElseThrow(() -> ApiException.notFound("Circle " + circleId + " not found"));
        return "redirect:/ui/circles/" + circle.name();
    }

    @GetMapping("/ui/circles/{name}")
    @RateLimited(Tier.READ)
    String board(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String name, HttpServletRequest request,
                 Model model) {
        Board board = board(circles.get(name));
        Set<Long> members = board.members().stream().map(Member::agentId).collect(java.util.stream.Collectors.toSet());
        List<Agent> candidates = agents.list(500, 0).stream().filter(agent -> !members.contains(agent.id())).toList();
        model.addAttribute("page", pages.of(request, user, board.circle().name(), "circles:" + board.circle().id()));
        model.addAttribute("view", new BoardPage(board, candidates));
        return "circle/board";
    }

    @GetMapping("/ui/circles/{name}/live")
    @RateLimited(Tier.READ)
    String live(@PathVariable String name, Model model) {
        return live(model, circles.get(name));
    }

    @PostMapping("/ui/circles/{name}/start")
    @RateLimited(Tier.WRITE)
    String start(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String name, Model model) {
        circles.changeable(name, user);
        if (circles.start(name)) {
            tasks.routePending(circles.get(name));
        }
        return live(model, circles.get(name));
    }

    @PostMapping("/ui/circles/{name}/stop")
    @RateLimited(Tier.WRITE)
    String stop(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String name, Model model) {
        circles.changeable(name, user);
        worker.stop(name);
        return live(model, circles.get(name));
    }

    @PostMapping("/ui/circles/{name}/members")
    @RateLimited(Tier.WRITE)
    String addMember(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String name,
                     @RequestParam(name = "agent_id") long agentId,
                     @RequestParam(defaultValue = "") String competencies,
                     @RequestParam(name = "can_review", defaultValue = "") String canReview, Model model) {
        circles.changeable(name, user);
        circles.addMember(name, agentId, csv(competencies), csv(canReview));
        tasks.routePending(circles.get(name));
        return live(model, circles.get(name));
    }

    @PostMapping("/ui/circles/{name}/tasks")
    @RateLimited(Tier.WRITE)
    String createTask(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String name,
                      @RequestParam(defaultValue = "") String title,
                      @RequestParam(defaultValue = "") String description,
                      @RequestParam(name = "required_competencies", defaultValue = "") String competencies,
                      @RequestParam(defaultValue = "5") int priority, Model model) {
        circles.changeable(name, user);
        if (title.isBlank() || title.length() > 500) {
            throw ApiException.unprocessable("A task needs a title (at most 500 characters)");
        }
        if (priority < 1 || priority > 10) {
            throw ApiException.unprocessable("The priority is between 1 (most urgent) and 10");
        }
        List<String> required = csv(competencies);
        tasks.create(name, title.strip(), description.strip(), required == null ? List.of() : required, priority, null);
        return live(model, circles.get(name));
    }

    @PostMapping("/ui/circles/{name}/tasks/{taskId}/review")
    @RateLimited(Tier.WRITE)
    String review(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String name, @PathVariable long taskId,
                  @RequestParam String decision,
                  @RequestParam(name = "reviewer_id") long reviewerId, @RequestParam(defaultValue = "") String comments,
                  @RequestParam(required = false) Double score, Model model) {
        circles.changeable(name, user);
        String normalized = switch (decision) {
            case "approve" -> "approved";
            case "request-changes" -> "changes_requested";
            default -> throw ApiException.unprocessable("decision is approve or request-changes");
        };
        if (normalized.equals("changes_requested") && comments.isBlank()) {
            throw ApiException.unprocessable("Say what should change in the comments");
        }
        tasks.review(name, taskId, reviewerId, new TaskService.Review(normalized, comments.strip(), score));
        return live(model, circles.get(name));
    }

    private String live(Model model, Circle circle) {
        model.addAttribute("board", board(circle));
        return "circle/live";
    }

    private Board board(Circle circle) {
        TaskService.TaskPage page = tasks.tasks(circle.id(), null, BOARD_TASKS, 0);
        List<CircleTask> all = page.tasks();
        List<Member> members = circles.members(circle.id()).stream().filter(Member::isActive).toList();
        return new Board(circle, byStatus(all, "pending"), byStatus(all, "in_progress"), byStatus(all, "review", "blocked"),
                byStatus(all, "completed", "failed", "cancelled").reversed(), members,
                circles.openConflicts(circle.id()), page.total());
    }

    private static List<CircleTask> byStatus(List<CircleTask> tasks, String... statuses) {
        List<String> wanted = Arrays.asList(statuses);
        return tasks.stream().filter(task -> wanted.contains(task.status())).toList();
    }

    private String listPage(Model model, HttpServletRequest request, AuthenticatedUser user, CircleForm form,
                            String error) {
        model.addAttribute("page", pages.of(request, user, "Circles", "circle,circles"));
        model.addAttribute("view", new ListView(circles.list(500, 0), form, error));
        return "circle/list";
    }

    private static List<String> csv(String values) {
        return values == null || values.isBlank() ? null
                : Arrays.stream(values.split(",")).map(String::trim).filter(v -> !v.isEmpty()).distinct().toList();
    }
}
