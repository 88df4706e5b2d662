package dev.gathering.plugin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import dev.gathering.skill.Skill;
import dev.gathering.skill.SkillInfo;
import dev.gathering.skill.Tool;
import dev.gathering.skill.ToolFailure;
import io.modelcontextprotocol.spec.McpSchema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The skill {@code plugin:<id>} of an MCP server: one tool per tool the server lists, with the schema it publishes
 * (validated like every tool's before the call goes out). A name a model could not call is rewritten to letters,
 * digits, '_' and '-' (at most 64); the server is still called by its own name.
 */
final class McpPluginSkill implements Skill {

    private final PluginRepository.PluginRow plugin;
    private final List<Tool> tools;

    McpPluginSkill(PluginRepository.PluginRow plugin, List<McpSchema.Tool> published, Supplier<McpConnection> connection,
                   JsonMapper json) {
        this.plugin = plugin;
        List<Tool> converted = new ArrayList<>();
        for (McpSchema.Tool tool : published) {
            String remoteName = tool.name();
            JsonNode schema = tool.inputSchema() == null || tool.inputSchema().isEmpty()
                    ? json.createObjectNode().put("type", "object") : json.valueToTree(tool.inputSchema());
            String description = firstNonBlank(tool.description(), tool.title(),
                    "Tool " + remoteName + " of plugin " + plugin.id());
            converted.add(new Tool(modelName(remoteName), description, schema, Set.of(), call -> {
                McpConnection live = connection.get();
                if (live == null) {
                    throw new ToolFailure("Plugin " + plugin.id() + " is not connected right now (it is being reconnected)");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> arguments = json.convertValue(call.arguments(), Map.class);
                return render(remoteName, live.call(remoteName, arguments));
            }));
        }
        this.tools = List.copyOf(converted);
    }

    static String modelName(String name) {
        String cleaned = name.replaceAll("[^A-Za-z0-9_-]", "_");
        if (cleaned.isEmpty()) {
            cleaned = "tool";
        }
        return cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
    }

    /** What the model reads: structured content when given, else the text contents; an error result fails the call. */
    static Object render(String tool, McpSchema.CallToolResult result) {
        List<String> texts = new ArrayList<>();
        for (McpSchema.Content content : result.content() == null ? List.<McpSchema.Content>of() : result.content()) {
            if (content instanceof McpSchema.TextContent text) {
                texts.add(text.text());
            } else if (content instanceof McpSchema.ImageContent image) {
                texts.add("[image " + image.mimeType() + "]");
            } else if (content instanceof McpSchema.EmbeddedResource resource) {
                texts.add("[resource " + resource.resource().uri() + "]");
            } else {
                texts.add("[" + content.type() + "]");
            }
        }
        if (Boolean.TRUE.equals(result.isError())) {
            throw new ToolFailure(texts.isEmpty() ? "the plugin reported an error" : String.join("\n", texts));
        }
        if (result.structuredContent() != null) {
            return result.structuredContent();
        }
        if (texts.size() == 1) {
            return texts.getFirst();
        }
        Map<String, Object> joined = new LinkedHashMap<>();
        joined.put("content", texts);
        return joined;
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return "";
    }

    @Override
    public SkillInfo info() {
        String description = plugin.description().isBlank() ? "Tools of the MCP server " + plugin.name() : plugin.description();
        return new SkillInfo(PluginService.skillName(plugin.id()), plugin.name(), description, "plugin", plugin.version(),
                PluginService.permissions(plugin.permissions()), false);
    }

    @Override
    public List<Tool> tools() {
        return tools;
    }
}
