package dev.gathering.memory;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

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
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * The memory page: search (and teach) an agent's memories, search the knowledge base (hybrid by default), upload
 * a document into it. Searches answer with their results only (htmx swaps them in place).
 */
@UiController
class MemoryPages implements NavContributor {

    record View(List<Agent> agents, KnowledgeService.Stats knowledge, String embeddingModel) {
    }

    record Recall(String query, String agentName, List<MemoryService.Recalled> hits) {
    }

    record Search(String query, String mode, List<KnowledgeService.Found> hits) {
    }

    private final MemoryService memories;
    private final KnowledgeService knowledge;
    private final MemoryIndex index;
    private final MemoryProperties properties;
    private final AgentService agents;
    private final Pages pages;

    MemoryPages(MemoryService memories, KnowledgeService knowledge, MemoryIndex index, MemoryProperties properties,
                AgentService agents, Pages pages) {
        this.memories = memories;
        this.knowledge = knowledge;
        this.index = index;
        this.properties = properties;
        this.agents = agents;
        this.pages = pages;
    }

    @Override
    public List<NavItem> navItems() {
        return List.of(new NavItem(Section.INTELLIGENCE, "Memory", "/ui/memory", "memory", 10));
    }

    @GetMapping("/ui/memory")
    @RateLimited(Tier.READ)
    String page(@AuthenticationPrincipal AuthenticatedUser user, HttpServletRequest request, Model model) {
        model.addAttribute("page", pages.of(request, user, "Memory", "memory,knowledge"));
        model.addAttribute("view", new View(agents.list(500, 0), knowledge.stats(user), index.current().spec().key()));
        return "memory/index";
    }

    @GetMapping("/ui/memory/knowledge/recent")
    @RateLimited(Tier.READ)
    String recentKnowledge(@AuthenticationPrincipal AuthenticatedUser user, Model model) {
        model.addAttribute("knowledge", knowledge.stats(user));
        return "memory/recent";
    }

    @PostMapping("/ui/memory/recall")
    @RateLimited(Tier.WRITE)
    String recall(@AuthenticationPrincipal AuthenticatedUser user, @RequestParam(name = "agent_id") long agentId,
                  @RequestParam(defaultValue = "") String query, Model model) {
        if (query.isBlank()) {
            throw ApiException.unprocessable("Type what to look for");
        }
        Agent agent = agents.get(agentId);
        model.addAttribute("recall", new Recall(query.strip(), agent.name(),
                memories.recall(agentId, query.strip(), null, null, 10, null, user)));
        return "memory/recall";
    }

    @PostMapping("/ui/memory/remember")
    @RateLimited(Tier.WRITE)
    String remember(@AuthenticationPrincipal AuthenticatedUser user, @RequestParam(name = "agent_id") long agentId,
                    @RequestParam(defaultValue = "") String content,
                    @RequestParam(name = "memory_type", defaultValue = "fact") String memoryType, Model model) {
        if (content.isBlank() || content.length() > 50_000) {
            throw ApiException.unprocessable("Write what the agent should remember (at most 50 000 characters)");
        }
        String type = MemoryService.normalizeType(memoryType);
        MemoryRepository.Memory stored = memories.remember(agentId, List.of(new MemoryService.MemoryInput(
                content.strip(), type, null, List.of(), 0.5, "agent", null)), "ui", user).getFirst();
        model.addAttribute("message", "Remembered as memory #" + stored.id() + " (" + type + ").");
        model.addAttribute("kind", "success");
        return "platform/ui/toast";
    }

    @PostMapping("/ui/memory/knowledge/search")
    @RateLimited(Tier.WRITE)
    String search(@AuthenticationPrincipal AuthenticatedUser user, @RequestParam(defaultValue = "") String query,
                  @RequestParam(defaultValue = "hybrid") String mode, Model model) {
        if (query.isBlank()) {
            throw ApiException.unprocessable("Type what to look for");
        }
        KnowledgeService.Mode chosen = KnowledgeService.Mode.of(mode);
        List<KnowledgeService.Found> hits = knowledge.search(query.strip(),
                new KnowledgeRepository.Scope(null, null, true, null), 10, null, chosen, user);
        model.addAttribute("search", new Search(query.strip(), chosen.name().toLowerCase(java.util.Locale.ROOT), hits));
        return "memory/search";
    }

    @PostMapping("/ui/memory/knowledge/upload")
    @RateLimited(Tier.WRITE)
    String upload(@AuthenticationPrincipal AuthenticatedUser user, @RequestParam(required = false) MultipartFile file,
                  @RequestParam(defaultValue = "") String title,
                  @RequestParam(defaultValue = "") String category, @RequestParam(defaultValue = "") String tags,
                  @RequestParam(name = "is_global", required = false) String isGlobal, Model model) {
        if (file == null || file.isEmpty()) {
            throw ApiException.unprocessable("Choose a file (.md, .txt, .csv or .pdf)");
        }
        long limit = properties.uploadMaxSize().toBytes();
        if (file.getSize() > limit) {
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "The file has " + file.getSize()
                    + " bytes; documents may have at most " + limit + " bytes");
        }
        String filename = file.getOriginalFilename() == null || file.getOriginalFilename().isBlank() ? "document"
                : file.getOriginalFilename().trim();
        DocumentReader.format(filename);
        byte[] bytes;
        try {
            bytes = file.getBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<String> tagList = Arrays.stream(tags.split(",")).map(String::trim).filter(t -> !t.isEmpty()).distinct().toList();
        KnowledgeService.Uploaded uploaded = knowledge.upload(filename, bytes, title.isBlank() ? null : title.strip(),
                category.isBlank() ? null : category.strip(), tagList, isGlobal != null, null, null, null, true, user);
        model.addAttribute("message", "Added “" + uploaded.entry().title() + "”: " + uploaded.charCount()
                + " characters in " + Math.max(1, uploaded.chunkCount()) + (uploaded.chunkCount() > 1 ? " chunks." : " entry."));
        model.addAttribute("kind", "success");
        return "platform/ui/toast";
    }
}
