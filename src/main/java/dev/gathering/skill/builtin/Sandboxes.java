package dev.gathering.skill.builtin;

import java.nio.file.Path;

import dev.gathering.skill.ToolContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The working directory of each agent's commands and code: {@code GATHERING_HOME/sandbox/agent-<id>}. */
@Component
class Sandboxes {

    private final Path root;

    Sandboxes(@Value("${gathering.home}") String home) {
        this.root = Path.of(home).toAbsolutePath().normalize().resolve("sandbox");
    }

    Path of(ToolContext context, String tool) {
        return root.resolve("agent-" + context.requireAgent(tool));
    }
}
