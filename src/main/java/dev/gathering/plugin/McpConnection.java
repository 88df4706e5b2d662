package dev.gathering.plugin;

import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import dev.gathering.platform.http.AddressPolicy;
import dev.gathering.platform.http.OutboundHttp;
import dev.gathering.platform.http.OutboundHttpException;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * One live connection to an MCP server, through the official SDK's client. A stdio server is a child process with a
 * clean environment (only PATH, HOME, LANG and the variables its configuration gives: none of the server's own,
 * which hold its secrets); {@link #exited} completes when it ends. An HTTP server's address is checked by
 * {@link AddressPolicy} before every request (the SDK's transport uses the JDK client: the check resolves the host
 * as the JDK then does, from the same DNS cache).
 */
final class McpConnection implements AutoCloseable {

    private static final int STDERR_LINES = 20;

    private final McpSyncClient client;
    private final CompletableFuture<Void> exited;
    private final Deque<String> stderr;
    private final McpSchema.Implementation serverInfo;

    private McpConnection(McpSyncClient client, CompletableFuture<Void> exited, Deque<String> stderr) {
        this.client = client;
        this.exited = exited;
        this.stderr = stderr;
        this.serverInfo = client.getServerInfo();
    }

    /** Starts the command and initializes the session; throws with a readable message when it cannot. */
    static McpConnection stdio(List<String> command, Map<String, String> env, Path directory, PluginProperties properties,
                               Consumer<List<McpSchema.Tool>> onToolsChanged) {
        Deque<String> stderr = new ArrayDeque<>();
        ServerParameters parameters = ServerParameters.builder(command.getFirst()).args(command.subList(1, command.size()))
                .env(env).build();
        CleanStdioTransport transport = new CleanStdioTransport(parameters, directory, properties.maxMessageSize());
        transport.setStdErrorHandler(line -> {
            synchronized (stderr) {
                if (stderr.size() == STDERR_LINES) {
                    stderr.removeFirst();
                }
                stderr.addLast(line);
            }
        });
        McpSyncClient client = client(transport, properties, onToolsChanged);
        CompletableFuture<Void> exited = new CompletableFuture<>();
        // the SDK starts the process inside initialize() and offers no handle on it: wait for its exit as soon as
        // it exists, so that a server dying during start-up fails the start at once instead of at the time limit
        Thread.ofVirtual().name("mcp-exit-" + command.getFirst()).start(() -> {
            while (!exited.isDone()) {
                try {
                    transport.awaitForExit();
                    exited.complete(null);
                } catch (NullPointerException notStartedYet) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                } catch (RuntimeException interrupted) {
                    return;
                }
            }
        });
        CompletableFuture<McpSchema.InitializeResult> initialized = CompletableFuture.supplyAsync(client::initialize,
                Thread::startVirtualThread);
        try {
            CompletableFuture.anyOf(initialized, exited)
                    .get(properties.requestTimeout().toMillis() + 1000, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (!initialized.isDone()) {
                throw new IllegalStateException("it exited during start-up");
            }
            initialized.join();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CompletionException e) {
            exited.complete(null);
            client.close();
            throw new IllegalStateException("the MCP server did not start: " + reason(e) + lastLines(stderr), e);
        } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
            exited.complete(null);
            client.close();
            throw new IllegalStateException("the MCP server did not start: " + reason(e) + lastLines(stderr), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exited.complete(null);
            client.close();
            throw new IllegalStateException("interrupted while starting the MCP server");
        }
        return new McpConnection(client, exited, stderr);
    }

    /** Connects to a Streamable HTTP endpoint and initializes the session. */
    static McpConnection http(URI url, Map<String, String> headers, AddressPolicy policy, PluginProperties properties,
                              Consumer<List<McpSchema.Tool>> onToolsChanged) {
        URI checked = OutboundHttp.checkedUri(url);
        String base = checked.getScheme() + "://" + checked.getRawAuthority();
        String endpoint = (checked.getRawPath() == null || checked.getRawPath().isEmpty() ? "/" : checked.getRawPath())
                + (checked.getRawQuery() == null ? "" : "?" + checked.getRawQuery());
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(base)
                .endpoint(endpoint)
                .customizeClient(builder -> builder.followRedirects(HttpClient.Redirect.NEVER)
                        .connectTimeout(Duration.ofSeconds(10)).proxy(HttpClient.Builder.NO_PROXY))
                .connectTimeout(Duration.ofSeconds(10))
                .maxResponseSize(properties.maxMessageSize())
                .httpRequestCustomizer((request, method, uri, body, context) -> {
                    try {
                        policy.resolve(uri.getHost());
                    } catch (UnknownHostException e) {
                        throw new OutboundHttpException(e instanceof AddressPolicy.BlockedAddressException
                                ? OutboundHttpException.Reason.BLOCKED_ADDRESS : OutboundHttpException.Reason.UNREACHABLE,
                                e.getMessage());
                    }
                    headers.forEach(request::header);
                })
                .build();
        McpSyncClient client = client(transport, properties, onToolsChanged);
        try {
            client.initialize();
        } catch (RuntimeException e) {
            client.close();
            throw new IllegalStateException("the MCP server at " + url + " could not be reached: " + reason(e), e);
        }
        return new McpConnection(client, new CompletableFuture<>(), new ArrayDeque<>());
    }

    private static McpSyncClient client(McpClientTransport transport, PluginProperties properties,
                                        Consumer<List<McpSchema.Tool>> onToolsChanged) {
        return McpClient.sync(transport)
                .requestTimeout(properties.requestTimeout())
                .initializationTimeout(properties.requestTimeout())
                .clientInfo(new McpSchema.Implementation("gathering", "GatheRing", "1.0"))
                .toolsChangeConsumer(onToolsChanged)
                .build();
    }

    /** Every tool the server lists (all pages). */
    List<McpSchema.Tool> tools() {
        List<McpSchema.Tool> tools = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 50; page++) {
            McpSchema.ListToolsResult result = cursor == null ? client.listTools() : client.listTools(cursor);
            tools.addAll(result.tools());
            cursor = result.nextCursor();
            if (cursor == null || cursor.isEmpty()) {
                break;
            }
        }
        return tools;
    }

    McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
        return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
    }

    void ping() {
        client.ping();
    }

    /** Completes when a stdio server's process ends; never for HTTP servers. */
    CompletableFuture<Void> exited() {
        return exited;
    }

    McpSchema.Implementation serverInfo() {
        return serverInfo;
    }

    List<String> stderr() {
        synchronized (stderr) {
            return List.copyOf(stderr);
        }
    }

    @Override
    public void close() {
        try {
            client.closeGracefully();
        } catch (RuntimeException e) {
            client.close();
        }
    }

    static String reason(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            if (root instanceof OutboundHttpException) {
                break;
            }
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }

    private static String lastLines(Deque<String> stderr) {
        synchronized (stderr) {
            return stderr.isEmpty() ? "" : " (its last output: " + String.join(" | ", stderr) + ")";
        }
    }

    /** The SDK's stdio transport, with a clean environment and a working directory. */
    private static final class CleanStdioTransport extends StdioClientTransport {

        private final Path directory;

        CleanStdioTransport(ServerParameters parameters, Path directory, int maxMessageSize) {
            super(parameters, McpJsonDefaults.getMapper(), maxMessageSize);
            this.directory = directory;
        }

        @Override
        protected ProcessBuilder getProcessBuilder() {
            ProcessBuilder builder = new ProcessBuilder();
            builder.environment().clear();
            builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
            builder.environment().put("LANG", "C.UTF-8");
            if (directory != null) {
                builder.environment().put("HOME", directory.toString());
                builder.directory(directory.toFile());
            }
            return builder;
        }
    }
}
