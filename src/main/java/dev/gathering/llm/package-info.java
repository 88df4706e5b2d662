/**
 * Calls to language models (LangChain4j): blocking and streamed, retries, cancellation, and the offline local responder.
 */
package dev.gathering.llm;
