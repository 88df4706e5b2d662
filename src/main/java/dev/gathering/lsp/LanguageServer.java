package dev.gathering.lsp;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import dev.gathering.platform.web.ApiException;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CompletionCapabilities;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverCapabilities;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsCapabilities;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running language server (a child process speaking LSP over stdio through Eclipse LSP4J) for one project and
 * language. Documents are sent in full (didOpen, then didChange with a new version); requests on one server are
 * serialized so that a document's version and the request that follows it stay together.
 */
final class LanguageServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LanguageServer.class);

    private final long projectId;
    private final String language;
    private final Process process;
    private final org.eclipse.lsp4j.services.LanguageServer remote;
    private final ExecutorService threads;
    private final Duration timeout;
    private final Map<String, Object> capabilities;
    private final Map<String, Integer> versions = new HashMap<>();
    private final Map<String, PublishDiagnosticsParams> diagnostics = new HashMap<>();
    private final Map<String, Long> published = new HashMap<>();
    private final AtomicLong lastUsed = new AtomicLong(System.nanoTime());
    private long publications;

    private LanguageServer(long projectId, String language, Process process, org.eclipse.lsp4j.services.LanguageServer remote,
                           ExecutorService threads, Duration timeout, Map<String, Object> capabilities) {
        this.projectId = projectId;
        this.language = language;
        this.process = process;
        this.remote = remote;
        this.threads = threads;
        this.timeout = timeout;
        this.capabilities = capabilities;
    }

    /** Starts the server in {@code root} and completes the LSP handshake. */
    static LanguageServer start(long projectId, LanguageCatalog.Server server, Path root, Duration timeout) {
        List<String> command = new ArrayList<>();
        command.add(server.program());
        command.addAll(server.arguments());
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        builder.environment().put("HOME", System.getProperty("user.home"));
        builder.environment().put("LANG", "C.UTF-8");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw ApiException.serviceUnavailable("Cannot start " + server.program() + ": " + e.getMessage(), Duration.ofMinutes(1));
        }
        ExecutorService threads = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("lsp-" + server.language() + "-" + projectId, 0).factory());
        Client client = new Client(root);
        Launcher<org.eclipse.lsp4j.services.LanguageServer> launcher = LSPLauncher.createClientLauncher(client,
                process.getInputStream(), process.getOutputStream(), threads, null);
        launcher.startListening();
        org.eclipse.lsp4j.services.LanguageServer remote = launcher.getRemoteProxy();
        InitializeParams params = new InitializeParams();
        params.setProcessId((int) ProcessHandle.current().pid());
        params.setRootUri(root.toUri().toString());
        params.setWorkspaceFolders(List.of(new WorkspaceFolder(root.toUri().toString(), root.getFileName().toString())));
        params.setCapabilities(clientCapabilities());
        params.setClientInfo(new org.eclipse.lsp4j.ClientInfo("GatheRing"));
        try {
            InitializeResult result = remote.initialize(params).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            remote.initialized(new InitializedParams());
            Map<String, Object> capabilities = toMap(result.getCapabilities());
            LanguageServer started = new LanguageServer(projectId, server.language(), process, remote, threads, timeout, capabilities);
            client.owner = started;
            return started;
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            threads.shutdownNow();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw ApiException.serviceUnavailable("The " + server.language() + " language server did not start: " + e,
                    Duration.ofMinutes(1));
        }
    }

    Map<String, Object> capabilities() {
        return capabilities;
    }

    boolean alive() {
        return process.isAlive();
    }

    long idleNanos() {
        return System.nanoTime() - lastUsed.get();
    }

    String language() {
        return language;
    }

    synchronized List<CompletionItem> completions(Path file, String text, int line, int character) {
        String uri = sync(file, text);
        var result = await(remote.getTextDocumentService().completion(new CompletionParams(new TextDocumentIdentifier(uri),
                new Position(line, character))));
        if (result == null) {
            return List.of();
        }
        return result.isLeft() ? result.getLeft() : result.getRight().getItems();
    }

    synchronized Hover hover(Path file, String text, int line, int character) {
        String uri = sync(file, text);
        return await(remote.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(uri), new Position(line, character))));
    }

    synchronized List<Location> definition(Path file, String text, int line, int character) {
        String uri = sync(file, text);
        Either<List<? extends Location>, List<? extends LocationLink>> result = await(remote.getTextDocumentService()
                .definition(new DefinitionParams(new TextDocumentIdentifier(uri), new Position(line, character))));
        List<Location> locations = new ArrayList<>();
        if (result != null) {
            if (result.isLeft()) {
                locations.addAll(result.getLeft());
            } else {
                result.getRight().forEach(link -> locations.add(new Location(link.getTargetUri(), link.getTargetSelectionRange())));
            }
        }
        return locations;
    }

    /** Sends the text and waits for the diagnostics the server publishes for it (up to {@code wait}). */
    synchronized List<Diagnostic> diagnostics(Path file, String text, Duration wait) {
        long before;
        synchronized (diagnostics) {
            before = publications;
        }
        String uri = sync(file, text);
        int version = versions.get(uri);
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (diagnostics) {
            while (true) {
                PublishDiagnosticsParams latest = diagnostics.get(uri);
                Long at = published.get(uri);
                if (latest != null && at != null && at > before
                        && (latest.getVersion() == null || latest.getVersion() >= version)) {
                    return latest.getDiagnostics();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return latest == null ? List.of() : latest.getDiagnostics();
                }
                try {
                    diagnostics.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return List.of();
                }
            }
        }
    }

    private String sync(Path file, String text) {
        lastUsed.set(System.nanoTime());
        String uri = file.toUri().toString();
        Integer version = versions.get(uri);
        if (version == null) {
            versions.put(uri, 1);
            remote.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri,
                    LanguageCatalog.languageId(language, file.getFileName().toString()), 1, text)));
        } else {
            versions.put(uri, version + 1);
            remote.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                    new VersionedTextDocumentIdentifier(uri, version + 1), List.of(new TextDocumentContentChangeEvent(text))));
        }
        return uri;
    }

    private <T> T await(CompletableFuture<T> request) {
        try {
            return request.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            request.cancel(true);
            throw new ApiException(org.springframework.http.HttpStatus.GATEWAY_TIMEOUT, "The " + language
                    + " language server did not answer within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new ApiException(org.springframework.http.HttpStatus.BAD_GATEWAY, "The " + language
                    + " language server failed: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.serviceUnavailable("Interrupted", Duration.ofSeconds(5));
        } finally {
            lastUsed.set(System.nanoTime());
        }
    }

    private void publish(PublishDiagnosticsParams params) {
        synchronized (diagnostics) {
            publications++;
            diagnostics.put(params.getUri(), params);
            published.put(params.getUri(), publications);
            diagnostics.notifyAll();
        }
    }

    /** shutdown, exit, then the process is ended if it lingers. */
    @Override
    public void close() {
        try {
            remote.shutdown().get(2, TimeUnit.SECONDS);
            remote.exit();
        } catch (Exception e) {
            // it is ended below anyway
        }
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        threads.shutdownNow();
        log.info("Stopped the {} language server of project {}", language, projectId);
    }

    private static ClientCapabilities clientCapabilities() {
        TextDocumentClientCapabilities text = new TextDocumentClientCapabilities();
        text.setCompletion(new CompletionCapabilities());
        HoverCapabilities hover = new HoverCapabilities();
        hover.setContentFormat(List.of(MarkupKind.MARKDOWN, MarkupKind.PLAINTEXT));
        text.setHover(hover);
        PublishDiagnosticsCapabilities publish = new PublishDiagnosticsCapabilities();
        publish.setVersionSupport(true);
        text.setPublishDiagnostics(publish);
        ClientCapabilities capabilities = new ClientCapabilities();
        capabilities.setTextDocument(text);
        return capabilities;
    }

    /** An LSP4J object as plain JSON data (LSP4J's own Gson knows its types). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> toMap(Object value) {
        if (value == null) {
            return Map.of();
        }
        com.google.gson.Gson gson = new MessageJsonHandler(Map.of()).getGson();
        return gson.fromJson(gson.toJson(value), LinkedHashMap.class);
    }

    /** The client side: diagnostics are kept; the server's other requests get harmless answers. */
    private static final class Client implements LanguageClient {
        private final Path root;
        private volatile LanguageServer owner;

        Client(Path root) {
            this.root = root;
        }

        @Override
        public void telemetryEvent(Object object) {
        }

        @Override
        public void publishDiagnostics(PublishDiagnosticsParams params) {
            LanguageServer server = owner;
            if (server != null) {
                server.publish(params); // before the handshake ends no document is open: nothing to keep
            }
        }

        @Override
        public void showMessage(MessageParams message) {
        }

        @Override
        public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams request) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void logMessage(MessageParams message) {
        }

        @Override
        public CompletableFuture<Void> registerCapability(org.eclipse.lsp4j.RegistrationParams params) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> unregisterCapability(org.eclipse.lsp4j.UnregistrationParams params) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<List<WorkspaceFolder>> workspaceFolders() {
            return CompletableFuture.completedFuture(List.of(new WorkspaceFolder(root.toUri().toString(), root.getFileName().toString())));
        }

        @Override
        public CompletableFuture<List<Object>> configuration(org.eclipse.lsp4j.ConfigurationParams params) {
            List<Object> answers = new ArrayList<>();
            params.getItems().forEach(item -> answers.add(null));
            return CompletableFuture.completedFuture(answers);
        }

        @Override
        public CompletableFuture<Void> createProgress(org.eclipse.lsp4j.WorkDoneProgressCreateParams params) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void notifyProgress(org.eclipse.lsp4j.ProgressParams params) {
        }
    }
}
