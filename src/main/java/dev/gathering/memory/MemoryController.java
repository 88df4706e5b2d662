package dev.gathering.memory;

import dev.gathering.platform.security.ViewersAllowed;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import dev.gathering.platform.ratelimit.RateLimited;
import dev.gathering.platform.ratelimit.Tier;
import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.web.ApiException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Agents' memories: {@code /memories/agents/...} (upstream §1.7) and {@code /agents/{id}/memories...} (§1.3). */
@RestController
@Validated
class MemoryController {

    static final String TYPES = "fact|preference|context|decision|error|feedback|learning|experience|skill|relationship";
    static final String TYPES_MESSAGE = "must be one of fact, preference, context, decision, error, feedback, learning, "
            + "experience, skill, relationship";
    static final int MAX_CONTENT = 50_000;

    record MemoryCreate(@NotBlank @Size(max = MAX_CONTENT) String content,
                        @Pattern(regexp = TYPES, message = TYPES_MESSAGE) String memoryType,
                        @Size(max = 200) String key,
                        @Size(max = 50) List<@NotBlank @Size(max = 100) String> tags,
                        @DecimalMin("0") @DecimalMax("1") Double importance,
                        @Pattern(regexp = "agent|circle|project|global", message = "must be one of agent, circle, project, global")
                        String scope,
                        Long scopeId) {

        MemoryService.MemoryInput input() {
            return new MemoryService.MemoryInput(content.strip(), memoryType == null ? "fact" : memoryType, key,
                    tags == null ? List.of() : tags.stream().map(String::trim).distinct().toList(),
                    importance == null ? 0.5 : importance, scope == null ? "agent" : scope, scopeId);
        }
    }

    record BatchCreate(@NotEmpty List<@NotNull @Valid MemoryCreate> memories) {
    }

    record RecallRequest(@NotBlank @Size(max = 10_000) String query,
                         @Pattern(regexp = TYPES, message = TYPES_MESSAGE) String memoryType,
                         List<@NotBlank String> tags,
                         @Min(1) @Max(50) Integer limit,
                         @DecimalMin("0") @DecimalMax("1") Double threshold) {
    }

    record AgentMemoryCreate(@NotBlank @Size(max = MAX_CONTENT) String content, @Size(max = 30) String memoryType) {
    }

    record AgentRecall(@NotBlank @Size(max = 10_000) String query, @Min(1) @Max(20) Integer limit,
                       List<@NotBlank String> memoryTypes) {
    }

    /** A memory as the upstream routes show it (key {@code auto_{id}} when none was given). */
    record MemoryView(long id, long agentId, String key, String value, String memoryType, Double similarity,
                      double importance, List<String> tags, String scope, Long scopeId, int accessCount,
                      OffsetDateTime lastAccessedAt, boolean isActive, OffsetDateTime createdAt, String ownerId) {

        static MemoryView of(MemoryRepository.Memory memory, Double similarity) {
            return new MemoryView(memory.id(), memory.agentId(), memory.key() == null ? "auto_" + memory.id() : memory.key(),
                    memory.value(), memory.memoryType(), similarity, memory.importance(), memory.tags(), memory.scope(),
                    memory.scopeId(), memory.accessCount(), memory.lastAccessedAt(), memory.active(), memory.createdAt(),
                    memory.ownerId());
        }
    }

    record Created(List<Long> created, int total) {
    }

    record Recall(String query, List<MemoryView> memories, int total) {
    }

    record Forgotten(String status, long memoryId) {
    }

    record Stats(long agentId, long totalMemories, long activeMemories, long embeddedMemories, Double avgImportance,
                 Map<String, Long> byType, String embeddingModel) {
    }

    record MemoryPage(List<MemoryView> memories, long total, int page, int pageSize) {
    }

    record AgentMemoryView(long id, String content, String memoryType, OffsetDateTime createdAt) {
    }

    record AgentRecallView(List<String> memories, String query) {
    }

    private final MemoryService memories;
    private final MemoryIndex index;
    private final MemoryProperties properties;

    MemoryController(MemoryService memories, MemoryIndex index, MemoryProperties properties) {
        this.memories = memories;
        this.index = index;
        this.properties = properties;
    }

    @PostMapping("/memories/agents/{agentId}/remember")
    @RateLimited(Tier.WRITE)
    MemoryView remember(@PathVariable long agentId, @Valid @RequestBody MemoryCreate body,
                        @AuthenticationPrincipal AuthenticatedUser caller) {
        return MemoryView.of(memories.remember(agentId, List.of(body.input()), "api", caller).getFirst(), null);
    }

    @PostMapping("/memories/agents/{agentId}/remember/batch")
    @RateLimited(Tier.WRITE)
    Created rememberBatch(@PathVariable long agentId, @Valid @RequestBody BatchCreate body,
                          @AuthenticationPrincipal AuthenticatedUser caller) {
        if (body.memories().size() > properties.batchMax()) {
            throw ApiException.badRequest("A batch holds at most " + properties.batchMax() + " memories (got "
                    + body.memories().size() + "); split it");
        }
        List<Long> ids = memories.remember(agentId, body.memories().stream().map(MemoryCreate::input).toList(), "api", caller)
                .stream().map(MemoryRepository.Memory::id).toList();
        return new Created(ids, ids.size());
    }

    @PostMapping("/memories/agents/{agentId}/recall")
    @RateLimited(Tier.WRITE)
    @ViewersAllowed
    Recall recall(@PathVariable long agentId, @Valid @RequestBody RecallRequest body,
                  @AuthenticationPrincipal AuthenticatedUser caller) {
        List<MemoryView> found = memories.recall(agentId, body.query(),
                        body.memoryType() == null ? null : List.of(body.memoryType()), body.tags(),
                        body.limit() == null ? 10 : body.limit(), body.threshold(), caller)
                .stream().map(hit -> MemoryView.of(hit.memory(), hit.similarity())).toList();
        return new Recall(body.query(), found, found.size());
    }

    @DeleteMapping("/memories/agents/{agentId}/memories/{memoryId}")
    @RateLimited(Tier.WRITE)
    Forgotten forget(@PathVariable long agentId, @PathVariable long memoryId,
                     @AuthenticationPrincipal AuthenticatedUser caller) {
        memories.forget(agentId, memoryId, caller);
        return new Forgotten("forgotten", memoryId);
    }

    @GetMapping("/memories/agents/{agentId}/stats")
    @RateLimited(Tier.READ)
    Stats stats(@PathVariable long agentId,
                @AuthenticationPrincipal AuthenticatedUser caller) {
        MemoryRepository.Stats stats = memories.stats(agentId, caller);
        Double average = stats.averageImportance() == null ? null : Math.round(stats.averageImportance() * 1000d) / 1000d;
        return new Stats(agentId, stats.total(), stats.active(), stats.embedded(), average, stats.byType(),
                index.current().spec().key());
    }

    /** The agent's memories, newest first, paged. */
    @GetMapping("/memories/agents/{agentId}")
    @RateLimited(Tier.READ)
    MemoryPage list(@PathVariable long agentId,
                    @RequestParam(name = "memory_type", required = false) @Pattern(regexp = TYPES, message = TYPES_MESSAGE) String memoryType,
                    @RequestParam(name = "include_forgotten", defaultValue = "false") boolean includeForgotten,
                    @RequestParam(defaultValue = "1") @Min(1) int page,
                    @RequestParam(name = "page_size", defaultValue = "20") @Min(1) @Max(100) int pageSize,
                    @AuthenticationPrincipal AuthenticatedUser caller) {
        MemoryService.Page result = memories.list(agentId, memoryType, includeForgotten, page, pageSize, caller);
        return new MemoryPage(result.memories().stream().map(memory -> MemoryView.of(memory, null)).toList(),
                result.total(), page, pageSize);
    }

    @PostMapping("/agents/{agentId}/memories")
    @ResponseStatus(HttpStatus.CREATED)
    @RateLimited(Tier.WRITE)
    AgentMemoryView rememberForAgent(@PathVariable long agentId, @Valid @RequestBody AgentMemoryCreate body,
                                     @AuthenticationPrincipal AuthenticatedUser caller) {
        String type = body.memoryType() == null ? "learning" : MemoryService.normalizeType(body.memoryType());
        MemoryRepository.Memory memory = memories.remember(agentId, List.of(new MemoryService.MemoryInput(
                body.content().strip(), type, null, List.of(), 0.5, "agent", null)), "api", caller).getFirst();
        return new AgentMemoryView(memory.id(), memory.value(), memory.memoryType(), memory.createdAt());
    }

    @PostMapping("/agents/{agentId}/memories/recall")
    @RateLimited(Tier.WRITE)
    @ViewersAllowed
    AgentRecallView recallForAgent(@PathVariable long agentId, @Valid @RequestBody AgentRecall body,
                                   @AuthenticationPrincipal AuthenticatedUser caller) {
        List<String> types = body.memoryTypes() == null || body.memoryTypes().isEmpty() ? null
                : body.memoryTypes().stream().map(MemoryService::normalizeType).distinct().toList();
        List<String> found = memories.recall(agentId, body.query(), types, null, body.limit() == null ? 5 : body.limit(), null, caller)
                .stream().map(hit -> hit.memory().value()).toList();
        return new AgentRecallView(found, body.query());
    }
}
