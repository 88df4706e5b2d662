package dev.gathering.lsp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import dev.gathering.platform.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The running language servers: one per (project, language), started on first use, stopped after {@code idle}
 * without requests, when asked, and at shutdown; at most {@code max-servers} at once (503 beyond).
 */
@Component
class LanguageServers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LanguageServers.class);

    record Key(long projectId, String language) {
    }

    private final LspProperties properties;
    private final Map<Key, CompletableFuture<LanguageServer>> servers = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread reaper;

    LanguageServers(LspProperties properties) {
        this.properties = properties;
    }

    /** The running server, started (and initialized) when there is none. */
    LanguageServer get(long projectId, String language, Path root) {
        Key key = new Key(projectId, language);
        CompletableFuture<LanguageServer> existing = servers.get(key);
        if (existing != null) {
            LanguageServer server = join(key, existing);
            if (server.alive()) {
                return server;
            }
            servers.remove(key, existing);
        }
        LanguageCatalog.Server program = LanguageCatalog.server(language);
        CompletableFuture<LanguageServer> mine = new CompletableFuture<>();
        CompletableFuture<LanguageServer> raced = servers.putIfAbsent(key, mine);
        if (raced != null) {
            return join(key, raced);
        }
        if (servers.size() > properties.maxServers()) {
            servers.remove(key, mine);
            mine.completeExceptionally(ApiException.serviceUnavailable(properties.maxServers()
                    + " language servers are running; try again later", Duration.ofMinutes(1)));
            return join(key, mine);
        }
        try {
            LanguageServer started = LanguageServer.start(projectId, program, root, properties.requestTimeout());
            log.info("Started the {} language server of project {} ({} running)", language, projectId, servers.size());
            mine.complete(started);
            return started;
        } catch (RuntimeException e) {
            servers.remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    Optional<LanguageServer> running(long projectId, String language) {
        CompletableFuture<LanguageServer> future = servers.get(new Key(projectId, language));
        if (future == null || !future.isDone() || future.isCompletedExceptionally()) {
            return Optional.empty();
        }
        LanguageServer server = future.join();
        return server.alive() ? Optional.of(server) : Optional.empty();
    }

    boolean stop(long projectId, String language) {
        CompletableFuture<LanguageServer> future = servers.remove(new Key(projectId, language));
        if (future == null) {
            return false;
        }
        future.thenAccept(LanguageServer::close);
        return true;
    }

    private static LanguageServer join(Key key, CompletableFuture<LanguageServer> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ApiException api) {
                throw api;
            }
            throw ApiException.serviceUnavailable("The " + key.language() + " language server could not start", Duration.ofMinutes(1));
        }
    }

    private void reap() {
        Duration period = properties.idle().dividedBy(3).compareTo(Duration.ofSeconds(30)) < 0
                ? properties.idle().dividedBy(3) : Duration.ofSeconds(30);
        while (running) {
            try {
                Thread.sleep(Math.max(50, period.toMillis()));
            } catch (InterruptedException e) {
                return;
            }
            for (var entry : new ArrayList<>(servers.entrySet())) {
                CompletableFuture<LanguageServer> future = entry.getValue();
                if (future.isDone() && !future.isCompletedExceptionally()) {
                    LanguageServer server = future.join();
                    if (!server.alive() || server.idleNanos() > properties.idle().toNanos()) {
                        if (servers.remove(entry.getKey(), future)) {
                            server.close();
                        }
                    }
                }
            }
        }
    }

    int count() {
        return servers.size();
    }

    @Override
    public void start() {
        running = true;
        reaper = Thread.ofVirtual().name("lsp-reaper").start(this::reap);
    }

    @Override
    public void stop() {
        running = false;
        if (reaper != null) {
            reaper.interrupt();
        }
        for (var key : new ArrayList<>(servers.keySet())) {
            CompletableFuture<LanguageServer> future = servers.remove(key);
            if (future != null && future.isDone() && !future.isCompletedExceptionally()) {
                future.join().close();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the web server stops taking requests, before the pool closes. */
    @Override
    public int getPhase() {
        return 0;
    }
}
