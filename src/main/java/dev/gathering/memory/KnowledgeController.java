package dev.gathering.memory;

import dev.gathering.platform.security.ViewersAllowed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.Arrays;
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
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** The shared knowledge base: {@code /memories/knowledge...} (upstream §1.7, plus DELETE). */
@RestController
@Validated
class KnowledgeController {

    record KnowledgeCreate(@NotBlank @Size(max = 500) String title,
                           @NotBlank @Size(max = KnowledgeService.MAX_UNCHUNKED) String content,
                           @Size(max = 50) String category, Long projectId, Long circleId, Boolean isGlobal,
                           @Size(max = 50) List<@NotBlank @Size(max = 100) String> tags,
                           @Size(max = 2000) String sourceUrl) {
    }

    record SearchRequest(@NotBlank @Size(max = 10_000) String query, Long projectId, Long circleId,
                         @Size(max = 50) String category, Boolean includeGlobal, @Min(1) @Max(50) Integer limit,
                         @DecimalMin("0") @DecimalMax("1") Double threshold,
                         @Pattern(regexp = "semantic|keyword|hybrid", message = "must be semantic, keyword or hybrid") String mode) {
    }

    record EntryView(long id, String title, String content, String category, List<String> tags, Long projectId,
                     Long circleId, boolean isGlobal, String sourceUrl, Long authorAgentId, String filename, String format,
                     Long documentId, Integer chunkIndex, OffsetDateTime createdAt, String ownerId) {

        static EntryView of(KnowledgeRepository.Entry entry) {
            return new EntryView(entry.id(), entry.title(), entry.content(), entry.category(), entry.tags(),
                    entry.projectId(), entry.circleId(), entry.isGlobal(), entry.sourceUrl(), entry.authorAgentId(),
                    entry.filename(), entry.format(), entry.documentId(), entry.chunkIndex(), entry.createdAt(),
                    entry.ownerId());
        }
    }

    /**
     * A hit. {@code similarity} (0–1) is always a number: the cosine similarity in semantic mode, otherwise the fused
     * score normalised by the best one possible; the signals stay beside it ({@code semantic_similarity}, the cosine,
     * null when the meaning did not match; {@code keyword_rank}; {@code score}, the raw fused score).
     */
    record ResultView(long id, String title, String content, String category, double similarity, List<String> tags,
                      double score, Double semanticSimilarity, Double keywordRank, String matchedBy, Long projectId,
                      Long circleId, boolean isGlobal, Long documentId) {
    }

    record SearchResults(String query, String mode, List<ResultView> results, int total) {
    }

    record EntryPage(List<EntryView> entries, long total, int page, int pageSize) {
    }

    record Stats(long totalEntries, Map<String, Long> byCategory, List<EntryView> recentEntries) {
    }

    record UploadView(long id, String title, String filename, String format, int charCount, int chunkCount,
                      String category, List<String> tags, boolean isGlobal) {
    }

    record Deleted(String status, long entryId, List<Long> deleted) {
    }

    private final KnowledgeService knowledge;
    private final MemoryProperties properties;

    KnowledgeController(KnowledgeService knowledge, MemoryProperties properties) {
        this.knowledge = knowledge;
        this.properties = properties;
    }

    @PostMapping("/memories/knowledge")
    @RateLimited(Tier.WRITE)
    EntryView add(@RequestParam(name = "author_agent_id", required = false) Long authorAgentId,
                  @Valid @RequestBody KnowledgeCreate body,
                  @AuthenticationPrincipal AuthenticatedUser caller) {
        return EntryView.of(knowledge.add(new KnowledgeService.EntryInput(body.title(), body.content().strip(),
                body.category(), body.projectId(), body.circleId(), Boolean.TRUE.equals(body.isGlobal()),
                body.tags() == null ? List.of() : body.tags().stream().map(String::trim).distinct().toList(),
                body.sourceUrl(), authorAgentId), caller));
    }

    @PostMapping("/memories/knowledge/search")
    @RateLimited(Tier.WRITE)
    @ViewersAllowed
    SearchResults search(@Valid @RequestBody SearchRequest body,
                         @AuthenticationPrincipal AuthenticatedUser caller) {
        KnowledgeService.Mode mode = KnowledgeService.Mode.of(body.mode());
        KnowledgeRepository.Scope scope = new KnowledgeRepository.Scope(body.projectId(), body.circleId(),
                body.includeGlobal() == null || body.includeGlobal(),
                body.category() == null || body.category().isBlank() ? null : body.category().trim());
        List<ResultView> results = knowledge.search(body.query(), scope, body.limit() == null ? 10 : body.limit(),
                body.threshold(), mode, caller).stream().map(found -> new ResultView(found.entry().id(), found.entry().title(),
                found.entry().content(), found.entry().category(), found.normalized(), found.entry().tags(), found.score(),
                found.similarity(), found.keywordRank(), found.matchedBy(), found.entry().projectId(), found.entry().circleId(),
                found.entry().isGlobal(), found.entry().documentId())).toList();
        return new SearchResults(body.query(), mode.name().toLowerCase(java.util.Locale.ROOT), results, results.size());
    }

    @GetMapping("/memories/knowledge")
    @RateLimited(Tier.READ)
    EntryPage list(@RequestParam(required = false) @Size(max = 50) String category,
                   @RequestParam(defaultValue = "1") @Min(1) int page,
                   @RequestParam(name = "page_size", defaultValue = "20") @Min(1) @Max(100) int pageSize,
                   @AuthenticationPrincipal AuthenticatedUser caller) {
        KnowledgeService.Page result = knowledge.list(category, page, pageSize, caller);
        return new EntryPage(result.entries().stream().map(EntryView::of).toList(), result.total(), page, pageSize);
    }

    @GetMapping("/memories/knowledge/stats")
    @RateLimited(Tier.READ)
    Stats stats(@AuthenticationPrincipal AuthenticatedUser caller) {
        KnowledgeService.Stats stats = knowledge.stats(caller);
        return new Stats(stats.totalEntries(), stats.byCategory(), stats.recentEntries().stream().map(EntryView::of).toList());
    }

    @PostMapping(path = "/memories/knowledge/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @RateLimited(Tier.WRITE)
    UploadView upload(@RequestPart("file") MultipartFile file,
                      @RequestParam(required = false) @Size(max = 500) String title,
                      @RequestParam(required = false) @Size(max = 50) String category,
                      @RequestParam(required = false) @Size(max = 2000) String tags,
                      @RequestParam(name = "is_global", defaultValue = "false") boolean isGlobal,
                      @RequestParam(name = "author_agent_id", required = false) Long authorAgentId,
                      @RequestParam(name = "project_id", required = false) Long projectId,
                      @RequestParam(name = "circle_id", required = false) Long circleId,
                      @RequestParam(name = "chunk_large_docs", defaultValue = "true") boolean chunkLargeDocs,
                      @AuthenticationPrincipal AuthenticatedUser caller) {
        long limit = properties.uploadMaxSize().toBytes();
        if (file.getSize() > limit) {
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "The file '" + file.getOriginalFilename() + "' has "
                    + file.getSize() + " bytes; documents may have at most " + limit + " bytes");
        }
        String filename = file.getOriginalFilename() == null || file.getOriginalFilename().isBlank() ? "document"
                : file.getOriginalFilename().trim();
        if (filename.indexOf('\u0000') >= 0 || filename.length() > 255) {
            throw ApiException.unprocessable("The file name must have at most 255 characters and no NUL character");
        }
        DocumentReader.format(filename);
        byte[] bytes;
        try {
            bytes = file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> tagList = tags == null ? List.of()
                : Arrays.stream(tags.split(",")).map(String::trim).filter(tag -> !tag.isEmpty()).distinct().toList();
        KnowledgeService.Uploaded uploaded = knowledge.upload(filename, bytes, title, category, tagList, isGlobal,
                authorAgentId, projectId, circleId, chunkLargeDocs, caller);
        return new UploadView(uploaded.entry().id(), uploaded.entry().title(), uploaded.filename(), uploaded.format(),
                uploaded.charCount(), uploaded.chunkCount(), uploaded.entry().category(), uploaded.entry().tags(),
                uploaded.entry().isGlobal());
    }

    /** Removes an entry from the knowledge base; removing a document's main entry removes its chunks too. */
    @DeleteMapping("/memories/knowledge/{entryId}")
    @RateLimited(Tier.WRITE)
    Deleted delete(@PathVariable long entryId,
                   @AuthenticationPrincipal AuthenticatedUser caller) {
        return new Deleted("deleted", entryId, knowledge.delete(entryId, caller));
    }
}
