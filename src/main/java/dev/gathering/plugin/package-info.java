/**
 * Plugins are MCP servers: a command spoken to over stdio, or a Streamable HTTP URL, connected with the official MCP
 * Java SDK; their tools become the skill {@code plugin:<id>}, enabled per agent like any other. Declared HTTP
 * plugins ({@code POST /plugins/dynamic}) are tools described as HTTP calls, run through the SSRF-safe client: no
 * plugin code ever runs inside the server. State is in {@code plugin.plugins}; every instance runs what is there.
 */
package dev.gathering.plugin;
