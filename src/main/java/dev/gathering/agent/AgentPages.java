package dev.gathering.agent;

import java.util.Arrays;
import java.util.List;

import dev.gathering.platform.ratelimit.RateLimited;
import dev.gathering.platform.ratelimit.Tier;
import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.ui.Chart;
import dev.gathering.platform.ui.NavContributor;
import dev.gathering.platform.ui.NavItem;
import dev.gathering.platform.ui.Page;
import dev.gathering.platform.ui.Pages;
import dev.gathering.platform.ui.Section;
import dev.gathering.platform.ui.UiController;
import dev.gathering.platform.web.ApiException;

import dev.gathering.provider.Provider;
import dev.gathering.provider.ProviderService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The agents pages: the list with its creation form, and an agent's page (persona, model, usage chart, history and
 * the chat panel, which streams through {@code POST /ui/agents/{id}/chat/stream}, the API's SSE chat).
 */
@UiController
class AgentPages implements NavContributor {

    static final int LIST_LIMIT = 200;
    static final int USAGE_DAYS = 30;
    static final int HISTORY = 30;

    /** The creation form as typed, to show it again with the error. */
    record AgentForm(String name, String role, String provider, String model, String temperature, String competencies,
                     String canReview, String systemPrompt) {
        static final AgentForm EMPTY = new AgentForm("", "", "local", "", "0.7", "", "", "");
    }

    record ListView(List<Agent> agents, long total, List<Provider> providers, List<dev.gathering.provider.Model> models,
                    AgentForm form, String error) {
    }

    record DetailView(Agent agent, List<ChatHistoryRepository.Row> history, Chart usage, UsageReports.Day total,
                      boolean created) {
    }

    private final AgentService agents;
    private final ProviderService providers;
    private final ChatHistoryRepository history;
    private final UsageReports usage;
    private final Pages pages;

    AgentPages(AgentService agents, ProviderService providers, ChatHistoryRepository history, UsageReports usage,
               Pages pages) {
        this.agents = agents;
        this.providers = providers;
        this.history = history;
        this.usage = usage;
        this.pages = pages;
    }

    @Override
    public List<NavItem> navItems() {
        return List.of(new NavItem(Section.AGENTS_AND_TEAMS, "Agents", "/ui/agents", "agents", 10));
    }

    @GetMapping("/ui/agents")
    @RateLimited(Tier.READ)
    String list(@AuthenticationPrincipal AuthenticatedUser user, HttpServletRequest request, Model model) {
        return listPage(model, page(request, user), AgentForm.EMPTY, null);
    }

    /** The table alone, re-fetched as agents change. */
    @GetMapping("/ui/agents/rows")
    @RateLimited(Tier.READ)
    String rows(Model model) {
        model.addAttribute("agents", agents.list(LIST_LIMIT, 0));
        model.addAttribute("total", agents.count());
        return "agent/rows";
    }

    @PostMapping("/ui/agents")
    @RateLimited(Tier.WRITE)
    String create(@AuthenticationPrincipal AuthenticatedUser user, @RequestParam(defaultValue = "") String name,
                  @RequestParam(defaultValue = "") String role, @RequestParam(defaultValue = "") String provider,
                  @RequestParam(defaultValue = "") String model, @RequestParam(defaultValue = "0.7") String temperature,
                  @RequestParam(defaultValue = "") String competencies,
                  @RequestParam(name = "can_review", defaultValue = "") String canReview,
                  @RequestParam(name = "system_prompt", defaultValue = "") String systemPrompt,
                  HttpServletRequest request, HttpServletResponse response, Model view) {
        AgentForm form = new AgentForm(name, role, provider, model, temperature, competencies, canReview, systemPrompt);
        try {
            Agent created = agents.create(write(form), user);
            return "redirect:/ui/agents/" + created.id() + "?created=1";
        } catch (ApiException e) {
            response.setStatus(e.status().value());
            return listPage(view, page(request, user), form, e.getMessage());
        }
    }

    @GetMapping("/ui/agents/{agentId}")
    @RateLimited(Tier.READ)
    String detail(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable long agentId,
                  @RequestParam(required = false) String created, HttpServletRequest request, Model model) {
        Agent agent = agents.get(agentId);
        List<UsageReports.Day> days = usage.daily(agentId, USAGE_DAYS, user);
        List<ChatHistoryRepository.Row> recent = history.recent(agentId, user.isAdmin() ? null : user.id(), HISTORY);
        UsageReports.Day total = days.stream().reduce(new UsageReports.Day("total", 0, 0, 0, java.math.BigDecimal.ZERO),
                (a, b) -> new UsageReports.Day("total", a.messages() + b.messages(), a.tokensIn() + b.tokensIn(),
                        a.tokensOut() + b.tokensOut(), a.costUsd().add(b.costUsd())));
        model.addAttribute("page", pages.of(request, user, agent.name(), "agents:" + agentId));
        model.addAttribute("view", new DetailView(agent, recent, UsageReports.tokenChart(days), total, created != null));
        return "agent/detail";
    }

    /** The agent's status and counters, re-fetched as its events arrive. */
    @GetMapping("/ui/agents/{agentId}/status")
    @RateLimited(Tier.READ)
    String status(@PathVariable long agentId, Model model) {
        model.addAttribute("agent", agents.get(agentId));
        return "agent/status";
    }

    private Page page(HttpServletRequest request, AuthenticatedUser user) {
        return pages.of(request, user, "Agents", "agent,agents");
    }

    private String listPage(Model model, Page page, AgentForm form, String error) {
        model.addAttribute("page", page);
        model.addAttribute("view", new ListView(agents.list(LIST_LIMIT, 0), agents.count(), providers.list(),
                providers.models(null, false), form, error));
        return "agent/list";
    }

    private static AgentController.AgentWrite write(AgentForm form) {
        if (form.name().isBlank()) {
            throw ApiException.unprocessable("Give the agent a name");
        }
        if (form.role().isBlank()) {
            throw ApiException.unprocessable("Give the agent a role (what it is good at)");
        }
        if (form.name().length() > 100 || form.role().length() > 200) {
            throw ApiException.unprocessable("The name has at most 100 characters and the role at most 200");
        }
        double temperature;
        try {
            temperature = Double.parseDouble(form.temperature().isBlank() ? "0.7" : form.temperature().trim());
        } catch (NumberFormatException e) {
            throw ApiException.unprocessable("The temperature is a number between 0 and 2");
        }
        if (temperature < 0 || temperature > 2) {
            throw ApiException.unprocessable("The temperature is a number between 0 and 2");
        }
        AgentController.PersonaInput persona = new AgentController.PersonaInput(form.name().trim(), form.role().trim(),
                null, null, null, null, form.systemPrompt().isBlank() ? null : form.systemPrompt().strip());
        AgentController.ConfigInput config = new AgentController.ConfigInput(
                form.provider().isBlank() ? null : form.provider().trim(), form.model().isBlank() ? null : form.model().trim(),
                null, temperature, csv(form.competencies()), csv(form.canReview()), null, null);
        return new AgentController.AgentWrite(null, persona, config);
    }

    static List<String> csv(String values) {
        return values == null || values.isBlank() ? null
                : Arrays.stream(values.split(",")).map(String::trim).filter(v -> !v.isEmpty()).distinct().toList();
    }
}
