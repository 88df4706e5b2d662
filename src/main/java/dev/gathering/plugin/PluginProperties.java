package dev.gathering.plugin;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param roots            directories plugin manifests may be discovered in and saved to ({@code GATHERING_PLUGIN_ROOTS};
 *                         empty: {@code GATHERING_HOME/plugins})
 * @param requestTimeout   one request to an MCP server (initialize, list, call)
 * @param healthInterval   how often a connected MCP server is pinged
 * @param reconnectBase    first wait before reconnecting a plugin that failed; doubled each time
 * @param reconnectMax     longest wait between reconnections
 * @param maxMessageSize   largest message accepted from an MCP server
 */
@ConfigurationProperties("gathering.plugins")
public record PluginProperties(
        @DefaultValue("") List<String> roots,
        @DefaultValue("30s") Duration requestTimeout,
        @DefaultValue("10s") Duration healthInterval,
        @DefaultValue("1s") Duration reconnectBase,
        @DefaultValue("60s") Duration reconnectMax,
        @DefaultValue("10485760") int maxMessageSize) {
}
