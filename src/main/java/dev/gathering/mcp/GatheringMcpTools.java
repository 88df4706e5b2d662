package dev.gathering.mcp;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import dev.gathering.agent.Agent;
import dev.gathering.agent.AgentService;
import dev.gathering.agent.AgentTools;
import dev.gathering.agent.ChatService;
import dev.gathering.platform.security.Access;
import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.web.ApiException;
import dev.gathering.skill.ToolContext;
import dev.gathering.skill.ToolDispatcher;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The tools GatheRing offers over MCP. Chat goes through the chat service (the agent's persona, memories, its own
 * tools, one chat at a time per agent); the others run the same skill tools agents use ({@code circle_*},
 * {@code knowledge_search}, {@code memory_recall}), validated by their schemas. A refusal (unknown agent, agent busy,
 * read-only caller) is a tool error the MCP client reads, not a transport failure.
 */
@Component
class GatheringMcpTools {

    private static final Logger log = LoggerFactory.getLogger(GatheringMcpTools.class);
    static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);

    private final AgentService agents;
    private final ChatService chats;
    private final ToolDispatcher dispatcher;
    private final JsonMapper json;

    GatheringMcpTools(AgentService agents, ChatService chats, ToolDispatcher dispatcher, JsonMapper json) {
        this.agents = agents;
        this.chats = chats;
        this.dispatcher = dispatcher;
        this.json = json;
    }

    private interface Handler {
        Object run(AuthenticatedUser user, JsonNode arguments);
    }

    List<McpStatelessServerFeatures.SyncToolSpecification> specifications() {
        return List.of(
                tool("list_agents", "Lists the team's agents: id, name, role, model, status and competencies", """
                        {"type": "object", "properties": {
                           "limit": {"type": "integer", "minimum": 1, "maximum": 500},
                           "offset": {"type": "integer", "minimum": 0}},
                         "additionalProperties": false}""", this::listAgents),
                tool("chat_with_agent", "Sends a message to an agent and returns its answer (it may use its own tools)", """
                        {"type": "object", "properties": {
                           "agent_id": {"type": "integer", "minimum": 1},
                           "message": {"type": "string", "minLength": 1, "maxLength": 100000},
                           "include_memories": {"type": "boolean"},
                           "allow_tools": {"type": "boolean"}},
                         "required": ["agent_id", "message"], "additionalProperties": false}""", this::chat),
                tool("create_circle_task", "Creates a task in a running circle; it is routed to a member by competence", """
                        {"type": "object", "properties": {
                           "circle": {"type": "string", "minLength": 1, "maxLength": 100},
                           "title": {"type": "string", "minLength": 1, "maxLength": 500},
                           "description": {"type": "string", "maxLength": 50000},
                           "required_competencies": {"type": "array", "items": {"type": "string"}},
                           "priority": {"type": ["integer", "string"]}},
                         "required": ["circle", "title"], "additionalProperties": false}""",
                        (user, arguments) -> {
                            Access.requireWriter(user);
                            return skill("circle_create_task", arguments, user, null);
                        }),
                tool("get_task", "Reads a circle task: its state, assignee, result and review", """
                        {"type": "object", "properties": {"task_id": {"type": "integer", "minimum": 1}},
                         "required": ["task_id"], "additionalProperties": false}""",
                        (user, arguments) -> skill("circle_get_task", arguments, user, null)),
                tool("search_knowledge", "Searches the shared knowledge base, best matches first", """
                        {"type": "object", "properties": {
                           "query": {"type": "string", "minLength": 1, "maxLength": 2000},
                           "limit": {"type": "integer", "minimum": 1, "maximum": 20},
                           "category": {"type": "string"}, "project_id": {"type": "integer"}, "circle_id": {"type": "integer"}},
                         "required": ["query"], "additionalProperties": false}""",
                        (user, arguments) -> skill("knowledge_search", arguments, user, null)),
                tool("recall_memories", "Recalls an agent's memories most relevant to a query", """
                        {"type": "object", "properties": {
                           "agent_id": {"type": "integer", "minimum": 1},
                           "query": {"type": "string", "minLength": 1, "maxLength": 2000},
                           "limit": {"type": "integer", "minimum": 1, "maximum": 20}},
                         "required": ["agent_id", "query"], "additionalProperties": false}""",
                        (user, arguments) -> {
                            Agent agent = agents.get(arguments.path("agent_id").asLong());
                            ObjectNode forward = ((ObjectNode) arguments.deepCopy());
                            forward.remove("agent_id");
                            return skill("memory_recall", forward, user, agent);
                        }));
    }

    private Object listAgents(AuthenticatedUser user, JsonNode arguments) {
        int limit = arguments.path("limit").asInt(100);
        int offset = arguments.path("offset").asInt(0);
        List<Map<String, Object>> rows = agents.list(limit, offset).stream().map(agent -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", agent.id());
            row.put("name", agent.name());
            row.put("role", agent.role());
            row.put("provider", agent.providerName());
            row.put("model", agent.modelName());
            row.put("status", agent.effectiveStatus());
            row.put("competencies", agent.competencies());
            return row;
        }).toList();
        return Map.of("agents", rows, "total", agents.count());
    }

    private Object chat(AuthenticatedUser user, JsonNode arguments) {
        Access.requireWriter(user);
        ChatService.ChatResult result = chats.chat(arguments.path("agent_id").asLong(), arguments.path("message").asString(),
                arguments.path("include_memories").asBoolean(true), arguments.path("allow_tools").asBoolean(true), user.id());
        return result;
    }

    /** Runs a skill tool for the caller; its error result becomes a tool error. */
    private Object skill(String tool, JsonNode arguments, AuthenticatedUser user, Agent agent) {
        ToolContext context = new ToolContext(agent == null ? null : agent.id(), agent == null ? null : agent.name(),
                user.id(), "mcp");
        AgentTools.Outcome outcome = dispatcher.invoke(tool, arguments.toString(), context, TOOL_TIMEOUT);
        JsonNode result = json.readTree(outcome.result());
        if (!outcome.success()) {
            throw ApiException.badRequest(result.path("error").asString(outcome.result()));
        }
        return result;
    }

    private McpStatelessServerFeatures.SyncToolSpecification tool(String name, String description, String schema,
                                                                   Handler handler) {
        BiFunction<McpTransportContext, McpSchema.CallToolRequest, McpSchema.CallToolResult> call = (context, request) -> {
            Object caller = context == null ? null : context.get(McpEndpoint.USER);
            if (!(caller instanceof AuthenticatedUser user)) {
                return error("Not authenticated");
            }
            try {
                JsonNode arguments = json.valueToTree(request.arguments() == null ? Map.of() : request.arguments());
                Object result = handler.run(user, arguments);
                String text = result instanceof JsonNode node ? node.toString() : json.writeValueAsString(result);
                return McpSchema.CallToolResult.builder().addTextContent(text).isError(false).build();
            } catch (ApiException e) {
                return error(e.getMessage());
            } catch (RuntimeException e) {
                log.warn("MCP tool {} failed", name, e);
                return error("Tool " + name + " failed: " + e.getMessage());
            }
        };
        return new McpStatelessServerFeatures.SyncToolSpecification(
                McpSchema.Tool.builder(name, McpJsonDefaults.getMapper(), schema).description(description).build(), call);
    }

    private static McpSchema.CallToolResult error(String message) {
        return McpSchema.CallToolResult.builder().addTextContent(message).isError(true).build();
    }
}
