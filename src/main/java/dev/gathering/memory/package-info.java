/**
 * Semantic memory and the knowledge base: embeddings, the in-process vector index, hybrid search, document uploads;
 * who sees which memory or entry is {@link dev.gathering.memory.Reader}'s rule.
 */
package dev.gathering.memory;
