package dev.gathering.skill.builtin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.gathering.skill.Permission;
import dev.gathering.skill.Skill;
import dev.gathering.skill.SkillInfo;
import dev.gathering.skill.SkillProperties;
import dev.gathering.skill.Tool;
import dev.gathering.skill.ToolCall;
import dev.gathering.skill.ToolFailure;
import org.springframework.stereotype.Component;

/**
 * Python in a child process, in the agent's sandbox directory: isolated mode ({@code -I}: no environment, no user
 * site), a clean environment, a time limit (30 s), an address-space bound (256 MB, through {@code prlimit} when the
 * machine has it), output capped at 100 KB, and upstream's list of refused imports and calls. That list is a
 * tripwire, not a sandbox: code can still do what the server's user can. Only with {@code GATHERING_AGENT_EXEC=true}.
 */
@Component
class CodeSkill implements Skill {

    static final int MAX_OUTPUT = 100_000;
    static final List<Pattern> REFUSED = java.util.Arrays.stream(new String[] {
            "os\\.system", "\\bsubprocess\\b", "shutil\\.rmtree", "\\bsocket\\b", "http\\.server", "\\bftplib\\b",
            "\\bsmtplib\\b", "\\bctypes\\b", "\\bmultiprocessing\\b", "\\bthreading\\b", "__import__", "os\\.exec",
            "os\\.spawn", "os\\.fork", "os\\.popen", "pty\\.spawn", "\\bimportlib\\b"})
            .map(Pattern::compile).toList();

    private final SkillProperties properties;
    private final Sandboxes sandboxes;

    CodeSkill(SkillProperties properties, Sandboxes sandboxes) {
        this.properties = properties;
        this.sandboxes = sandboxes;
    }

    @Override
    public SkillInfo info() {
        return SkillInfo.of("code", "Code execution",
                "Runs Python code in a child process with time, memory and output limits",
                "development", Permission.EXECUTE).runsPrograms();
    }

    @Override
    public List<Tool> tools() {
        return List.of(Tool.of("python_exec", "Runs a Python 3 program and returns what it printed (stdout, stderr) and its exit code", """
                {"type": "object",
                 "properties": {"code": {"type": "string", "minLength": 1, "maxLength": 100000},
                                "timeout": {"type": "integer", "minimum": 1, "maximum": 30, "description": "seconds (at most 30)"}},
                 "required": ["code"], "additionalProperties": false}""", this::run));
    }

    private Object run(ToolCall call) {
        String code = call.text("code");
        for (Pattern refused : REFUSED) {
            if (refused.matcher(code).find()) {
                throw new ToolFailure("Code refused: it uses '" + refused.pattern().replace("\\b", "").replace("\\", "")
                        + "' (processes, sockets, threads and dynamic imports are not allowed)");
            }
        }
        Path sandbox = sandboxes.of(call.context(), call.tool());
        long seconds = Math.min(call.integer("timeout", (int) properties.codeTimeout().toSeconds()), properties.codeTimeout().toSeconds());
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/prlimit"))) {
            command.addAll(List.of("/usr/bin/prlimit", "--as=" + (long) properties.codeMemory() * 1024 * 1024,
                    "--cpu=" + (seconds + 1), "--core=0", "--"));
        }
        command.addAll(List.of(properties.python(), "-I", "-"));
        Map<String, Object> result = Processes.run(command, sandbox, code, Duration.ofSeconds(seconds), MAX_OUTPUT).view();
        if (Boolean.TRUE.equals(result.get("timed_out"))) {
            result.put("error", "the code ran longer than " + seconds + " s and was stopped");
        }
        return result;
    }
}
