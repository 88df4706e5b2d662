/**
 * Agents: creation from personas and inline fields, their sessions, chat (blocking, streamed over SSE and WebSocket) with
 * per-user history and usage. Other features use {@link dev.gathering.agent.AgentService}, {@link dev.gathering.agent.ChatService}
 * and the {@link dev.gathering.agent.AgentMemory} port, which the memory feature fills.
 */
package dev.gathering.agent;
