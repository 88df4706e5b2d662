package dev.gathering.memory;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * Settings of semantic memory ({@code gathering.memory.*}).
 *
 * @param embeddingProvider  the embedding model used until one is chosen through {@code PUT /memories/embeddings}:
 *                           {@code local} (in-process all-MiniLM-L6-v2, quantized) or the name of a provider speaking
 *                           OpenAI's API ({@code openai}, or any provider created with api_type openai)
 * @param embeddingModel     the model name for that provider ({@code text-embedding-3-small} for OpenAI)
 * @param embeddingThreads   threads computing embeddings, outside the request threads (0: one per core)
 * @param embeddingQueue     embedding tasks that may wait for a thread; beyond, requests are refused with 503
 * @param embeddingTimeout   how long a request waits for its embeddings
 * @param embeddingCache     memory given to cached embeddings (keyed by model and content hash)
 * @param warmUp             load the in-process model in the background at start-up rather than on first use
 * @param hnswThreshold      a partition (one agent's memories, the knowledge base) holding at least this many
 *                           vectors is searched through an HNSW graph; smaller ones (and small filtered subsets) are
 *                           scanned exactly
 * @param hnswMaxConn        HNSW: neighbours per node
 * @param hnswBeamWidth      HNSW: candidates considered while inserting
 * @param hnswEfSearch       HNSW: candidates considered while searching (at least the number of results asked)
 * @param uploadMaxSize      largest document accepted by {@code POST /memories/knowledge/upload} (413 beyond)
 * @param batchMax           most memories in one {@code remember/batch} request
 * @param stateRefresh       how often an instance re-reads the embedding state (model switches, abandoned reindexing)
 */
@ConfigurationProperties("gathering.memory")
public record MemoryProperties(
        @DefaultValue("local") String embeddingProvider,
        @DefaultValue("all-minilm-l6-v2-q") String embeddingModel,
        @DefaultValue("0") int embeddingThreads,
        @DefaultValue("512") int embeddingQueue,
        @DefaultValue("60s") Duration embeddingTimeout,
        @DefaultValue("64MB") DataSize embeddingCache,
        @DefaultValue("true") boolean warmUp,
        @DefaultValue("10000") int hnswThreshold,
        @DefaultValue("16") int hnswMaxConn,
        @DefaultValue("100") int hnswBeamWidth,
        @DefaultValue("100") int hnswEfSearch,
        @DefaultValue("10MB") DataSize uploadMaxSize,
        @DefaultValue("1000") int batchMax,
        @DefaultValue("15s") Duration stateRefresh) {

    int threads() {
        return embeddingThreads > 0 ? embeddingThreads : Math.max(1, Runtime.getRuntime().availableProcessors());
    }
}
