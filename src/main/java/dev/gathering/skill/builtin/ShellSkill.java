package dev.gathering.skill.builtin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Allow-listed, read-only commands in the agent's sandbox directory (upstream §8.4, stricter): executed without a
 * shell (no pipes, redirections, substitutions or chaining), the base command must be in the allow-list, no argument
 * may be an absolute path, start with {@code ~} or climb out with {@code ..}, and the blocked patterns refuse the
 * usual escapes even so. Network tools are not in the list (the {@code http} skill is the way out, SSRF-checked).
 * Only with {@code GATHERING_AGENT_EXEC=true}.
 */
@Component
class ShellSkill implements Skill {

    static final int MAX_OUTPUT = 100_000;
    static final Set<String> ALLOWED = Set.of("ls", "cat", "head", "tail", "wc", "grep", "egrep", "fgrep", "find",
            "sort", "uniq", "cut", "tr", "diff", "cmp", "file", "stat", "du", "df", "echo", "printf", "pwd", "date",
            "whoami", "uname", "tree", "rg", "fd", "jq", "basename", "dirname", "realpath", "md5sum", "sha1sum",
            "sha256sum", "base64", "seq", "sleep", "true", "false", "expr", "nl", "column", "comm", "git");
    static final Set<String> GIT_READ_ONLY = Set.of("status", "log", "diff", "show", "branch", "rev-parse", "ls-files",
            "blame", "describe", "shortlog", "tag");
    static final List<Pattern> BLOCKED = compile(
            "rm\\s+-[a-z]*r[a-z]*f?\\s+(/|~)", ">\\s*/dev/", "\\bmkfs", "\\bdd\\s+if=", "chmod\\s+(777|a\\+rwx)",
            ":\\(\\)\\s*\\{", "\\|\\s*(sh|bash|zsh|ksh|dash)\\b", "\\|\\s*/bin/\\w*sh", "(curl|wget)[^|]*\\|",
            "\\beval\\b", "`", "\\$\\(", "\\$\\{", "\\bsudo\\b", "(^|\\s)su(\\s|$)", "\\bdoas\\b", "\\bpkexec\\b",
            "/etc/passwd", "/etc/shadow", "/etc/sudoers", "\\.ssh(/|\\b)", "\\.gnupg", "\\.aws", "(^|[/\\s])\\.env\\b",
            "\\.git/config", "id_rsa", "id_ed25519", "\\bexport\\s+\\w+=", "ld_preload", "ld_library_path", "\\bpath=",
            "\\bnc\\s+-[a-z]*[le]", "\\bncat\\b", "\\bsocat\\b", "/dev/tcp", "/dev/udp", "_history\\b", "/var/log/",
            "[;&|<>]", "\\s-exec\\b", "\\s-execdir\\b", "\\s-delete\\b", "\\s-ok\\b", "--output\\b", "secret\\.key");

    private final SkillProperties properties;
    private final Sandboxes sandboxes;

    ShellSkill(SkillProperties properties, Sandboxes sandboxes) {
        this.properties = properties;
        this.sandboxes = sandboxes;
    }

    @Override
    public SkillInfo info() {
        return SkillInfo.of("shell", "Shell commands",
                "Runs allow-listed read-only commands (ls, cat, grep, find, wc, git status…) in the agent's sandbox directory",
                "system", Permission.EXECUTE).runsPrograms();
    }

    @Override
    public List<Tool> tools() {
        return List.of(Tool.of("shell_exec", "Runs one command (no pipes or redirections) and returns its exit code and output", """
                {"type": "object",
                 "properties": {"command": {"type": "string", "minLength": 1, "maxLength": 2000},
                                "cwd": {"type": "string", "maxLength": 500, "description": "directory relative to the sandbox"},
                                "timeout": {"type": "integer", "minimum": 1, "maximum": 60, "description": "seconds (at most 60)"}},
                 "required": ["command"], "additionalProperties": false}""", this::run));
    }

    private Object run(ToolCall call) {
        String command = call.text("command");
        List<String> arguments = check(command);
        Path sandbox = sandboxes.of(call.context(), call.tool());
        Path directory = sandbox;
        String cwd = call.text("cwd", null);
        if (cwd != null && !cwd.isBlank()) {
            checkPath(cwd);
            directory = sandbox.resolve(cwd).normalize();
            if (!directory.startsWith(sandbox)) {
                throw new ToolFailure("cwd must stay inside the sandbox");
            }
        }
        long seconds = Math.min(call.integer("timeout", (int) properties.shellTimeout().toSeconds()), properties.shellTimeout().toSeconds());
        Map<String, Object> result = Processes.run(arguments, directory, null, Duration.ofSeconds(seconds), MAX_OUTPUT).view();
        result.put("command", command);
        return result;
    }

    /** The command's words, or a refusal saying which rule it breaks. */
    static List<String> check(String command) {
        String lower = command.toLowerCase(java.util.Locale.ROOT);
        for (Pattern pattern : BLOCKED) {
            if (pattern.matcher(lower).find()) {
                throw new ToolFailure("Command refused: it matches the blocked pattern '" + pattern.pattern()
                        + "' (no pipes, redirections, substitutions, privilege changes or secrets)");
            }
        }
        List<String> words = words(command);
        if (words.isEmpty()) {
            throw new ToolFailure("The command is empty");
        }
        String base = words.getFirst();
        base = base.substring(base.lastIndexOf('/') + 1);
        if (!ALLOWED.contains(base)) {
            throw new ToolFailure("Command '" + base + "' is not allowed; allowed: "
                    + String.join(", ", ALLOWED.stream().sorted().toList()));
        }
        if (base.equals("git") && (words.size() < 2 || !GIT_READ_ONLY.contains(words.get(1)))) {
            throw new ToolFailure("Only read-only git commands are allowed here ("
                    + String.join(", ", GIT_READ_ONLY.stream().sorted().toList()) + "); the git skill changes repositories");
        }
        List<String> resolved = new ArrayList<>();
        resolved.add(base);
        for (String word : words.subList(1, words.size())) {
            checkPath(word.contains("=") ? word.substring(word.indexOf('=') + 1) : word);
            resolved.add(word);
        }
        return resolved;
    }

    private static void checkPath(String word) {
        if (word.startsWith("/") || word.startsWith("~") || word.equals("..") || word.startsWith("../")
                || word.contains("/../") || word.endsWith("/..")) {
            throw new ToolFailure("Argument '" + word + "' refused: paths must be relative to the sandbox and stay inside it");
        }
    }

    /** Splits like a shell would (single and double quotes, backslash escapes), without expanding anything. */
    static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < command.length()) {
                    current.append(command.charAt(++i));
                } else {
                    current.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < command.length()) {
                current.append(command.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(current.toString());
                    current.setLength(0);
                    inWord = false;
                }
            } else {
                current.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new ToolFailure("Unclosed quote in the command");
        }
        if (inWord) {
            words.add(current.toString());
        }
        return words;
    }

    private static List<Pattern> compile(String... patterns) {
        return java.util.Arrays.stream(patterns).map(p -> Pattern.compile(p, Pattern.CASE_INSENSITIVE)).toList();
    }
}
