package dev.gathering.memory;

import dev.gathering.platform.security.AdminOnly;
import java.time.OffsetDateTime;
import java.util.Map;

import dev.gathering.platform.ratelimit.RateLimited;
import dev.gathering.platform.ratelimit.Tier;
import dev.gathering.platform.security.AuthenticatedUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The embedding model of memory: which one is used ({@code GET /memories/embeddings}), choosing another one
 * (administrators: {@code PUT /memories/embeddings}, which re-embeds everything in the background) and the progress of
 * that re-embedding ({@code GET /memories/reindex/status}).
 */
@RestController
class EmbeddingController {

    record Choice(@NotBlank @Size(max = 50) String provider, @Size(max = 100) String model,
                  @Min(1) @Max(8192) Integer dimensions,
                  @DecimalMin("0") @DecimalMax("1") Double recallThreshold,
                  @DecimalMin("0") @DecimalMax("1") Double chatThreshold) {
    }

    record ReindexStatus(String status, String activeModel, String fromModel, String toModel, long total, long done,
                         double percent, String error, OffsetDateTime startedAt, OffsetDateTime finishedAt,
                         String servedModel, boolean indexReady, int indexedMemories, int indexedKnowledge, int hnswGraphs) {
    }

    private final EmbeddingModels models;
    private final MemoryIndex index;

    EmbeddingController(EmbeddingModels models, MemoryIndex index) {
        this.models = models;
        this.index = index;
    }

    @GetMapping("/memories/embeddings")
    @RateLimited(Tier.READ)
    Map<String, Object> current() {
        return models.describe();
    }

    @PutMapping("/memories/embeddings")
    @RateLimited(Tier.WRITE)
    @AdminOnly
    ResponseEntity<ReindexStatus> choose(@Valid @RequestBody Choice body) {
        EmbeddingState.State state = models.choose(new EmbeddingModels.Choice(body.provider(), body.model(),
                body.dimensions(), body.recallThreshold(), body.chatThreshold()));
        boolean started = "running".equals(state.reindex().status());
        return ResponseEntity.status(started ? HttpStatus.ACCEPTED : HttpStatus.OK).body(status(state));
    }

    @GetMapping("/memories/reindex/status")
    @RateLimited(Tier.READ)
    ReindexStatus reindexStatus() {
        return status(models.state());
    }

    private ReindexStatus status(EmbeddingState.State state) {
        EmbeddingState.Reindex reindex = state.reindex();
        double percent = reindex.total() == 0 ? ("completed".equals(reindex.status()) ? 100 : 0)
                : Math.min(100, Math.round(1000.0 * reindex.done() / reindex.total()) / 10.0);
        MemoryIndex.Generation served = index.current();
        return new ReindexStatus(reindex.status(), state.active().key(), reindex.from(), reindex.to(), reindex.total(),
                reindex.done(), percent, reindex.error(), reindex.startedAt(), reindex.finishedAt(), served.spec().key(),
                served.isReady(), served.memoryCount(), served.knowledgeCount(), served.graphs());
    }
}
