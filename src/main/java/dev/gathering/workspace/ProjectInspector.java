package dev.gathering.workspace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Looks at a folder the way a newcomer would: git branch and remote, languages by file extension, build tools and
 * their commands (pom.xml, build.gradle, package.json scripts, pyproject/requirements, Cargo.toml, go.mod, Makefile),
 * key files, conventions, a Python virtual environment. Bounded: {@link #MAX_FILES} files, {@link #MAX_DEPTH} levels,
 * ignored files and dependency folders skipped.
 */
@Component
class ProjectInspector {

    static final int MAX_FILES = 20_000;
    static final int MAX_DEPTH = 8;
    private static final Set<String> SKIPPED = Set.of(".git", "node_modules", ".venv", "venv", "env", "__pycache__",
            "target", "build", "dist", ".gradle", ".idea", ".mvn", ".tox", ".mypy_cache", ".pytest_cache", "vendor");
    private static final Pattern MAKE_TARGET = Pattern.compile("^([A-Za-z0-9][A-Za-z0-9_.-]*)\\s*:(?!=)", Pattern.MULTILINE);
    private static final Pattern PYVENV_VERSION = Pattern.compile("^\\s*version(?:_info)?\\s*=\\s*([0-9][0-9.]*)", Pattern.MULTILINE);
    private static final Map<String, String> JS_FRAMEWORKS = Map.ofEntries(Map.entry("react", "react"),
            Map.entry("vue", "vue"), Map.entry("next", "next.js"), Map.entry("nuxt", "nuxt"), Map.entry("express", "express"),
            Map.entry("@angular/core", "angular"), Map.entry("svelte", "svelte"), Map.entry("vite", "vite"),
            Map.entry("@nestjs/core", "nestjs"), Map.entry("jest", "jest"), Map.entry("vitest", "vitest"));
    private static final List<String> PY_FRAMEWORKS = List.of("django", "flask", "fastapi", "pytest", "sqlalchemy",
            "pandas", "numpy", "torch", "tensorflow", "pydantic", "celery", "streamlit");

    private final JsonMapper json;

    ProjectInspector(JsonMapper json) {
        this.json = json;
    }

    Inspection inspect(Path folder) {
        Path root = PathGuard.realRoot(folder);
        Map<String, Integer> languageCounts = new HashMap<>();
        int files = count(root, root, IgnoreRules.at(root), 0, languageCounts, new int[] {0});
        List<String> languages = languageCounts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).toList();

        Map<String, String> tools = new LinkedHashMap<>();
        Map<String, String> commands = new LinkedHashMap<>();
        Set<String> frameworks = new LinkedHashSet<>();
        Map<String, String> conventions = new LinkedHashMap<>();
        java(root, tools, commands, frameworks);
        javascript(root, tools, commands, frameworks, conventions);
        python(root, tools, commands, frameworks, conventions);
        if (Files.isRegularFile(root.resolve("Cargo.toml"))) {
            tools.put("cargo", "Cargo.toml");
            commands.putIfAbsent("build", "cargo build");
            commands.putIfAbsent("test", "cargo test");
            commands.putIfAbsent("lint", "cargo clippy");
        }
        if (Files.isRegularFile(root.resolve("go.mod"))) {
            tools.put("go", "go.mod");
            commands.putIfAbsent("build", "go build ./...");
            commands.putIfAbsent("test", "go test ./...");
        }
        make(root, tools, commands);
        editorConfig(root, conventions);
        if (Files.isRegularFile(root.resolve("Dockerfile"))) {
            tools.put("docker", "Dockerfile");
        }

        List<String> techStack = new ArrayList<>();
        languages.stream().limit(4).forEach(techStack::add);
        techStack.addAll(frameworks);
        tools.keySet().stream().filter(tool -> !techStack.contains(tool)).forEach(techStack::add);

        String venv = null;
        String pythonVersion = read(root.resolve(".python-version"), 100);
        for (String candidate : List.of(".venv", "venv", "env", ".env")) {
            Path config = root.resolve(candidate).resolve("pyvenv.cfg");
            if (Files.isRegularFile(config)) {
                venv = root.resolve(candidate).toString();
                Matcher version = PYVENV_VERSION.matcher(read(config, 4000));
                if (version.find()) {
                    pythonVersion = version.group(1);
                }
                break;
            }
        }

        boolean git = Files.isDirectory(root.resolve(".git"));
        String branch = null;
        String remote = null;
        if (git) {
            try (Repository repository = new FileRepositoryBuilder().setGitDir(root.resolve(".git").toFile())
                    .setMustExist(true).build()) {
                branch = repository.getBranch();
                remote = withoutCredentials(repository.getConfig().getString(ConfigConstants.CONFIG_REMOTE_SECTION,
                        "origin", ConfigConstants.CONFIG_KEY_URL));
            } catch (IOException | IllegalArgumentException e) {
                git = false;
            }
        }
        return new Inspection(git, branch, remote, languages, List.copyOf(new LinkedHashSet<>(techStack)),
                List.copyOf(frameworks), tools, commands, keyFiles(root), conventions, venv,
                pythonVersion == null || pythonVersion.isBlank() ? null : pythonVersion.strip(), files);
    }

    /** {@code https://user:token@host/x.git} → {@code https://host/x.git}: a stored or shown URL carries no secret. */
    static String withoutCredentials(String url) {
        return url == null ? null : url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", "$1");
    }

    private int count(Path root, Path directory, IgnoreRules rules, int depth, Map<String, Integer> languages, int[] seen) {
        if (depth > MAX_DEPTH) {
            return seen[0];
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                if (seen[0] >= MAX_FILES) {
                    break;
                }
                String name = entry.getFileName().toString();
                String relative = root.relativize(entry).toString().replace('\\', '/');
                boolean isDirectory = Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS);
                if (isDirectory) {
                    if (!SKIPPED.contains(name) && !rules.ignored(relative, true)) {
                        count(root, entry, rules.enter(entry, relative), depth + 1, languages, seen);
                    }
                } else if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS) && !rules.ignored(relative, false)) {
                    seen[0]++;
                    String language = Languages.of(name);
                    if (Languages.isCode(language)) {
                        languages.merge(language, 1, Integer::sum);
                    }
                }
            }
        } catch (IOException e) {
            // an unreadable folder counts for nothing
        }
        return seen[0];
    }

    private static void java(Path root, Map<String, String> tools, Map<String, String> commands, Set<String> frameworks) {
        String pom = read(root.resolve("pom.xml"), 200_000);
        if (!pom.isEmpty()) {
            tools.put("maven", "pom.xml");
            String mvn = Files.isRegularFile(root.resolve("mvnw")) ? "./mvnw" : "mvn";
            commands.putIfAbsent("build", mvn + " package");
            commands.putIfAbsent("test", mvn + " test");
            if (pom.contains("spring-boot")) {
                frameworks.add("spring-boot");
            }
            if (pom.contains("quarkus")) {
                frameworks.add("quarkus");
            }
        }
        for (String file : List.of("build.gradle", "build.gradle.kts")) {
            String gradle = read(root.resolve(file), 200_000);
            if (!gradle.isEmpty()) {
                tools.put("gradle", file);
                String command = Files.isRegularFile(root.resolve("gradlew")) ? "./gradlew" : "gradle";
                commands.putIfAbsent("build", command + " build");
                commands.putIfAbsent("test", command + " test");
                if (gradle.contains("spring-boot") || gradle.contains("org.springframework.boot")) {
                    frameworks.add("spring-boot");
                }
                break;
            }
        }
    }

    private void javascript(Path root, Map<String, String> tools, Map<String, String> commands, Set<String> frameworks,
                            Map<String, String> conventions) {
        String text = read(root.resolve("package.json"), 500_000);
        if (text.isEmpty()) {
            return;
        }
        String manager = Files.isRegularFile(root.resolve("pnpm-lock.yaml")) ? "pnpm"
                : Files.isRegularFile(root.resolve("yarn.lock")) ? "yarn" : "npm";
        tools.put(manager, "package.json");
        try {
            JsonNode pkg = json.readTree(text);
            for (var script : pkg.path("scripts").properties()) {
                String name = script.getKey();
                String command = manager.equals("npm") && !name.equals("test") && !name.equals("start")
                        ? "npm run " + name : manager + " " + name;
                commands.putIfAbsent(name, command);
            }
            for (String section : List.of("dependencies", "devDependencies")) {
                for (var dependency : pkg.path(section).properties()) {
                    String framework = JS_FRAMEWORKS.get(dependency.getKey());
                    if (framework != null) {
                        frameworks.add(framework);
                    }
                    if (dependency.getKey().equals("typescript")) {
                        tools.putIfAbsent("typescript", "package.json");
                    }
                    if (dependency.getKey().equals("eslint")) {
                        conventions.putIfAbsent("linter", "eslint");
                    }
                    if (dependency.getKey().equals("prettier")) {
                        conventions.putIfAbsent("formatter", "prettier");
                    }
                }
            }
        } catch (RuntimeException e) {
            // not valid JSON: the tool is still known
        }
    }

    private static void python(Path root, Map<String, String> tools, Map<String, String> commands, Set<String> frameworks,
                               Map<String, String> conventions) {
        String pyproject = read(root.resolve("pyproject.toml"), 200_000);
        String requirements = read(root.resolve("requirements.txt"), 200_000) + "\n"
                + read(root.resolve("requirements-dev.txt"), 200_000);
        String setup = read(root.resolve("setup.py"), 100_000);
        if (pyproject.isEmpty() && requirements.isBlank() && setup.isEmpty()) {
            return;
        }
        if (!pyproject.isEmpty()) {
            tools.put(pyproject.contains("[tool.poetry]") ? "poetry" : pyproject.contains("[tool.uv]") ? "uv" : "pip",
                    "pyproject.toml");
        } else if (!requirements.isBlank()) {
            tools.put("pip", "requirements.txt");
        } else {
            tools.put("setuptools", "setup.py");
        }
        String all = (pyproject + "\n" + requirements + "\n" + setup).toLowerCase(Locale.ROOT);
        for (String framework : PY_FRAMEWORKS) {
            if (Pattern.compile("(^|[^a-z0-9_-])" + Pattern.quote(framework) + "([^a-z0-9_-]|$)", Pattern.MULTILINE)
                    .matcher(all).find()) {
                frameworks.add(framework);
            }
        }
        if (!requirements.isBlank()) {
            commands.putIfAbsent("install", "pip install -r requirements.txt");
        } else if (pyproject.contains("[tool.poetry]")) {
            commands.putIfAbsent("install", "poetry install");
        } else {
            commands.putIfAbsent("install", "pip install -e .");
        }
        if (frameworks.contains("pytest") || Files.isDirectory(root.resolve("tests")) || all.contains("[tool.pytest")) {
            commands.putIfAbsent("test", "pytest");
        }
        if (frameworks.contains("django") && Files.isRegularFile(root.resolve("manage.py"))) {
            commands.putIfAbsent("run", "python manage.py runserver");
        }
        if (all.contains("[tool.ruff") || all.contains("ruff")) {
            conventions.putIfAbsent("linter", "ruff");
        } else if (all.contains("flake8")) {
            conventions.putIfAbsent("linter", "flake8");
        }
        if (all.contains("[tool.black") || all.contains("black")) {
            conventions.putIfAbsent("formatter", "black");
        }
        Matcher length = Pattern.compile("line[-_]length\\s*=\\s*(\\d+)").matcher(pyproject);
        if (length.find()) {
            conventions.putIfAbsent("line_length", length.group(1));
        }
        if (all.contains("mypy")) {
            conventions.putIfAbsent("type_checker", "mypy");
        }
    }

    private static void make(Path root, Map<String, String> tools, Map<String, String> commands) {
        String makefile = read(root.resolve("Makefile"), 200_000);
        if (makefile.isEmpty()) {
            return;
        }
        tools.put("make", "Makefile");
        Matcher target = MAKE_TARGET.matcher(makefile);
        int added = 0;
        while (target.find() && added < 12) {
            String name = target.group(1);
            if (!name.startsWith(".") && !name.contains("%") && !commands.containsKey(name)) {
                commands.put(name, "make " + name);
                added++;
            }
        }
    }

    private static void editorConfig(Path root, Map<String, String> conventions) {
        String config = read(root.resolve(".editorconfig"), 50_000);
        Matcher style = Pattern.compile("indent_style\\s*=\\s*(\\w+)").matcher(config);
        if (style.find()) {
            conventions.putIfAbsent("indent_style", style.group(1));
        }
        Matcher size = Pattern.compile("indent_size\\s*=\\s*(\\w+)").matcher(config);
        if (size.find()) {
            conventions.putIfAbsent("indent_size", size.group(1));
        }
    }

    private static Map<String, String> keyFiles(Path root) {
        Map<String, String> found = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            entries.forEach(entry -> names.add(entry.getFileName().toString()));
        } catch (IOException e) {
            return found;
        }
        names.sort(String::compareTo);
        for (String name : names) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("readme")) {
                found.putIfAbsent("readme", name);
            } else if (lower.startsWith("license") || lower.startsWith("licence") || lower.startsWith("copying")) {
                found.putIfAbsent("license", name);
            } else if (lower.startsWith("changelog") || lower.startsWith("changes")) {
                found.putIfAbsent("changelog", name);
            } else if (lower.startsWith("contributing")) {
                found.putIfAbsent("contributing", name);
            } else if (lower.equals("dockerfile")) {
                found.putIfAbsent("dockerfile", name);
            } else if (lower.startsWith("docker-compose") || lower.startsWith("compose.y")) {
                found.putIfAbsent("docker_compose", name);
            } else if (lower.equals(".gitlab-ci.yml") || lower.equals("jenkinsfile") || lower.equals(".travis.yml")) {
                found.putIfAbsent("ci", name);
            }
        }
        Path workflows = root.resolve(".github").resolve("workflows");
        if (Files.isDirectory(workflows)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(workflows, "*.{yml,yaml}")) {
                for (Path entry : entries) {
                    found.putIfAbsent("ci", ".github/workflows/" + entry.getFileName());
                    break;
                }
            } catch (IOException ignored) {
                // no workflows readable
            }
        }
        if (Files.isRegularFile(root.resolve(".circleci").resolve("config.yml"))) {
            found.putIfAbsent("ci", ".circleci/config.yml");
        }
        return found;
    }

    /** Up to {@code max} characters of a file, or "" when it is missing or unreadable. */
    private static String read(Path file, int max) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return "";
        }
        try (var in = Files.newInputStream(file)) {
            return new String(in.readNBytes(max), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
