/**
 * The skills this server ships: {@code calculator}, {@code http}, {@code web}, {@code pdf}, and the two that run
 * programs on the server, {@code shell} and {@code code}, which need {@code GATHERING_AGENT_EXEC=true}. Every outbound
 * request goes through {@link dev.gathering.platform.http.OutboundHttp}.
 */
package dev.gathering.skill.builtin;
