package dev.gathering.lsp;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.gathering.platform.web.ApiException;

/**
 * The language servers GatheRing knows, found on the machine's PATH: pylsp (Python), typescript-language-server
 * (JavaScript and TypeScript), rust-analyzer (Rust), jdtls (Java). A language whose server is missing is a 503 naming
 * what to install; an unknown language a 422.
 */
final class LanguageCatalog {

    /** A server: its name, the command line speaking LSP over stdio, and how to install it. */
    record Server(String language, String program, List<String> arguments, String install) {
    }

    private static final Map<String, Server> SERVERS = Map.of(
            "python", new Server("python", "pylsp", List.of(),
                    "pylsp: apt-get install python3-pylsp (Debian/Ubuntu) or pip install python-lsp-server"),
            "javascript", new Server("javascript", "typescript-language-server", List.of("--stdio"),
                    "typescript-language-server: npm install -g typescript-language-server typescript"),
            "rust", new Server("rust", "rust-analyzer", List.of(), "rust-analyzer: rustup component add rust-analyzer"),
            "java", new Server("java", "jdtls", List.of(), "jdtls: the Eclipse JDT Language Server (e.g. apt-get install jdtls)"));

    private static final Map<String, String> ALIASES = Map.of("py", "python", "js", "javascript", "ts", "javascript",
            "typescript", "javascript", "jsx", "javascript", "tsx", "javascript", "rs", "rust");

    private LanguageCatalog() {
    }

    /** The canonical language name: python, javascript, rust or java (422 otherwise). */
    static String language(String requested) {
        String name = requested == null ? "python" : requested.strip().toLowerCase(Locale.ROOT);
        name = ALIASES.getOrDefault(name, name);
        if (!SERVERS.containsKey(name)) {
            throw ApiException.unprocessable("Unsupported language '" + requested + "': use python, javascript, typescript, rust or java");
        }
        return name;
    }

    /** The server of a language with its program's full path; 503 naming the package when it is not installed. */
    static Server server(String language) {
        Server server = SERVERS.get(language);
        Path program = find(server.program()).orElseThrow(() -> ApiException.serviceUnavailable("No " + language
                + " language server is installed on this server; install " + server.install(), java.time.Duration.ofMinutes(5))
                .with("language", language).with("install", server.install()));
        return new Server(language, program.toString(), server.arguments(), server.install());
    }

    /** The LSP languageId of a file: by extension, falling back to the server's language. */
    static String languageId(String language, String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".tsx")) {
            return "typescriptreact";
        }
        if (lower.endsWith(".ts")) {
            return "typescript";
        }
        if (lower.endsWith(".jsx")) {
            return "javascriptreact";
        }
        return language;
    }

    static Optional<Path> find(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isBlank()) {
                continue;
            }
            Path candidate = Path.of(directory, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
