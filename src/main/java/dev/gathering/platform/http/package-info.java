/**
 * The one outbound HTTP client of the server ({@link dev.gathering.platform.http.OutboundHttp}): every request a
 * feature makes to a URL that a user, an agent or a plugin chose goes through it, so that none can reach the
 * server's own network (SSRF). See docs/architecture.md, "Outbound HTTP".
 */
package dev.gathering.platform.http;
