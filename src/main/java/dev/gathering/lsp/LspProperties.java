package dev.gathering.lsp;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Language servers ({@code gathering.lsp.*}).
 *
 * @param idle           a server unused this long is stopped
 * @param maxServers     language servers running at once on this instance (503 beyond)
 * @param requestTimeout longest wait for one answer of a server (start-up included)
 * @param diagnosticsWait longest wait for a server to publish diagnostics after a change
 */
@ConfigurationProperties("gathering.lsp")
public record LspProperties(@DefaultValue("10m") Duration idle, @DefaultValue("16") int maxServers,
                            @DefaultValue("30s") Duration requestTimeout, @DefaultValue("10s") Duration diagnosticsWait) {
}
