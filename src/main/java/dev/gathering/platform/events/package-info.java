/**
 * The one event bus (bounded, ordered per subscriber), its history, the relay between instances, and the event
 * streams (WebSocket and SSE).
 */
package dev.gathering.platform.events;
