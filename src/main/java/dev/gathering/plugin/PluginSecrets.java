package dev.gathering.plugin;

import java.util.Map;

import dev.gathering.platform.security.SecretBox;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A plugin's configuration is stored sealed ({@link SecretBox}: AES-GCM under the server secret), because its
 * environment values and headers are usually credentials; what the API shows is the same with those values masked.
 */
@Component
class PluginSecrets {

    private final SecretBox box;
    private final JsonMapper json;

    PluginSecrets(SecretBox box, JsonMapper json) {
        this.box = box;
        this.json = json;
    }

    String seal(JsonNode config) {
        return box.seal(config.toString());
    }

    JsonNode open(PluginRepository.PluginRow row) {
        return json.readTree(box.open(row.configSealed()));
    }

    /** The configuration with every environment value and header value masked. */
    JsonNode masked(JsonNode config) {
        if (!(config.deepCopy() instanceof ObjectNode copy)) {
            return config;
        }
        for (String field : new String[] {"env", "headers"}) {
            JsonNode values = copy.get(field);
            if (values instanceof ObjectNode object) {
                for (Map.Entry<String, JsonNode> entry : object.properties()) {
                    object.put(entry.getKey(), SecretBox.mask(entry.getValue().asString()));
                }
            }
        }
        return copy;
    }
}
