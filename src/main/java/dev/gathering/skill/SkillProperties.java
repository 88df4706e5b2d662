package dev.gathering.skill;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param exec              {@code GATHERING_AGENT_EXEC}: agents may run commands and code on the server (the
 *                          {@code shell} and {@code code} skills); off by default
 * @param usageFlush        how often counted tool calls are written to {@code agent.agent_tools}
 * @param webSearchApiKey   key of the web search API (Brave Search's), {@code GATHERING_WEB_SEARCH_API_KEY}
 * @param webSearchUrl      its endpoint
 * @param shellTimeout      longest run of one shell command
 * @param codeTimeout       longest run of one piece of code
 * @param codeMemory        address-space bound of a code run, in megabytes
 * @param python            the Python interpreter of the code skill
 */
@ConfigurationProperties("gathering.skills")
public record SkillProperties(
        @DefaultValue("false") boolean exec,
        @DefaultValue("1s") Duration usageFlush,
        String webSearchApiKey,
        @DefaultValue("https://api.search.brave.com/res/v1/web/search") String webSearchUrl,
        @DefaultValue("60s") Duration shellTimeout,
        @DefaultValue("30s") Duration codeTimeout,
        @DefaultValue("256") int codeMemory,
        @DefaultValue("python3") String python) {
}
