/**
 * GatheRing as an MCP server: {@code /mcp}, the SDK's stateless Streamable HTTP servlet transport (no session state
 * on the instance, so any instance behind a load balancer answers any request), behind the same bearer tokens and the
 * WRITE rate limit. Its tools let any MCP client (an IDE, a desktop assistant, another agent framework) use a team.
 */
package dev.gathering.mcp;
