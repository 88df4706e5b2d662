package dev.gathering.support;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * A small MCP server for tests, written with the SDK's server API and spoken to over stdio: started as a child
 * process by the plugin tests ({@link #command()}). Tools: {@code echo}, {@code add}, {@code whoami} (its pid and the
 * environment variable TEST_SECRET), and {@code grow}, which adds a tool {@code shout} and announces the change.
 */
public final class TestMcpServer {

    private TestMcpServer() {
    }

    /** The command that starts it with this JVM and the test classpath. */
    public static List<String> command() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), TestMcpServer.class.getName());
    }

    public static void main(String[] args) {
        // stdout carries the protocol: anything else printed (logs) goes to stderr
        PrintStream protocol = System.out;
        System.setOut(System.err);
        var transport = new StdioServerTransportProvider(McpJsonDefaults.getMapper(), System.in, protocol);
        McpSyncServer[] server = new McpSyncServer[1];
        server[0] = McpServer.sync(transport)
                .serverInfo("test-mcp", "1.2.3")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(
                        tool("echo", "Repeats the text", """
                                {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]}""",
                                arguments -> text("echo: " + arguments.get("text"))),
                        tool("add", "Adds two integers", """
                                {"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
                                 "required": ["a", "b"], "additionalProperties": false}""",
                                arguments -> McpSchema.CallToolResult.builder()
                                        .structuredContent(Map.of("sum", ((Number) arguments.get("a")).longValue()
                                                + ((Number) arguments.get("b")).longValue()))
                                        .addTextContent("sum").build()),
                        tool("whoami", "Tells its process id and TEST_SECRET", "{\"type\": \"object\"}",
                                arguments -> text(ProcessHandle.current().pid() + " " + System.getenv("TEST_SECRET")
                                        + " home=" + System.getenv("GATHERING_HOME"))),
                        tool("fail", "Always reports an error", "{\"type\": \"object\"}",
                                arguments -> McpSchema.CallToolResult.builder().isError(true)
                                        .addTextContent("the test server refuses").build()),
                        tool("grow", "Adds the tool shout", "{\"type\": \"object\"}", arguments -> {
                            server[0].addTool(tool("shout", "Repeats the text in capitals", """
                                    {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]}""",
                                    more -> text(String.valueOf(more.get("text")).toUpperCase())));
                            server[0].notifyToolsListChanged();
                            return text("grown");
                        }))
                .build();
    }

    private static McpServerFeatures.SyncToolSpecification tool(String name, String description, String schema,
                                                                java.util.function.Function<Map<String, Object>, McpSchema.CallToolResult> handler) {
        return McpServerFeatures.SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder(name, McpJsonDefaults.getMapper(), schema).description(description).build())
                .callHandler((exchange, request) -> handler.apply(request.arguments() == null ? Map.of() : request.arguments()))
                .build();
    }

    private static McpSchema.CallToolResult text(String text) {
        return McpSchema.CallToolResult.builder().addTextContent(text).build();
    }
}
