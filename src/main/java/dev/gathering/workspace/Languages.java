package dev.gathering.workspace;

import java.util.Locale;
import java.util.Map;

/** File names to languages and MIME types, by extension. */
final class Languages {

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("py", "python"), Map.entry("pyi", "python"), Map.entry("ipynb", "jupyter"),
            Map.entry("js", "javascript"), Map.entry("mjs", "javascript"), Map.entry("cjs", "javascript"),
            Map.entry("jsx", "javascript"), Map.entry("ts", "typescript"), Map.entry("tsx", "typescript"),
            Map.entry("java", "java"), Map.entry("kt", "kotlin"), Map.entry("kts", "kotlin"), Map.entry("scala", "scala"),
            Map.entry("groovy", "groovy"), Map.entry("rs", "rust"), Map.entry("go", "go"), Map.entry("c", "c"),
            Map.entry("h", "c"), Map.entry("cpp", "cpp"), Map.entry("cc", "cpp"), Map.entry("hpp", "cpp"),
            Map.entry("cs", "csharp"), Map.entry("rb", "ruby"), Map.entry("php", "php"), Map.entry("swift", "swift"),
            Map.entry("sh", "shell"), Map.entry("bash", "shell"), Map.entry("zsh", "shell"), Map.entry("sql", "sql"),
            Map.entry("html", "html"), Map.entry("htm", "html"), Map.entry("css", "css"), Map.entry("scss", "scss"),
            Map.entry("vue", "vue"), Map.entry("svelte", "svelte"), Map.entry("md", "markdown"),
            Map.entry("markdown", "markdown"), Map.entry("rst", "restructuredtext"), Map.entry("json", "json"),
            Map.entry("yaml", "yaml"), Map.entry("yml", "yaml"), Map.entry("toml", "toml"), Map.entry("xml", "xml"),
            Map.entry("ini", "ini"), Map.entry("cfg", "ini"), Map.entry("txt", "plaintext"), Map.entry("csv", "csv"),
            Map.entry("r", "r"), Map.entry("lua", "lua"), Map.entry("dart", "dart"), Map.entry("ex", "elixir"),
            Map.entry("exs", "elixir"), Map.entry("erl", "erlang"), Map.entry("hs", "haskell"), Map.entry("ml", "ocaml"),
            Map.entry("jl", "julia"), Map.entry("tf", "terraform"), Map.entry("proto", "protobuf"));

    /** Languages that count as programming languages of a project (not data or documentation formats). */
    private static final java.util.Set<String> CODE = java.util.Set.of("python", "javascript", "typescript", "java",
            "kotlin", "scala", "groovy", "rust", "go", "c", "cpp", "csharp", "ruby", "php", "swift", "shell", "sql",
            "html", "css", "scss", "vue", "svelte", "r", "lua", "dart", "elixir", "erlang", "haskell", "ocaml", "julia",
            "terraform");

    private static final Map<String, String> MIME = Map.ofEntries(
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("svg", "image/svg+xml"),
            Map.entry("ico", "image/x-icon"), Map.entry("bmp", "image/bmp"), Map.entry("pdf", "application/pdf"),
            Map.entry("json", "application/json"), Map.entry("xml", "application/xml"), Map.entry("zip", "application/zip"),
            Map.entry("gz", "application/gzip"), Map.entry("tar", "application/x-tar"), Map.entry("mp4", "video/mp4"),
            Map.entry("webm", "video/webm"), Map.entry("mov", "video/quicktime"), Map.entry("mp3", "audio/mpeg"),
            Map.entry("wav", "audio/wav"), Map.entry("ogg", "audio/ogg"), Map.entry("html", "text/html"),
            Map.entry("htm", "text/html"), Map.entry("css", "text/css"), Map.entry("js", "text/javascript"),
            Map.entry("csv", "text/csv"), Map.entry("md", "text/markdown"), Map.entry("glb", "model/gltf-binary"),
            Map.entry("gltf", "model/gltf+json"), Map.entry("stl", "model/stl"), Map.entry("obj", "model/obj"),
            Map.entry("wasm", "application/wasm"));

    private Languages() {
    }

    static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot <= 0 || dot == fileName.length() - 1 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** The language of a file, or null when its extension says nothing. Dockerfile and Makefile by name. */
    static String of(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.equals("dockerfile") || lower.startsWith("dockerfile.")) {
            return "dockerfile";
        }
        if (lower.equals("makefile") || lower.equals("gnumakefile")) {
            return "makefile";
        }
        return BY_EXTENSION.get(extension(fileName));
    }

    static boolean isCode(String language) {
        return language != null && CODE.contains(language);
    }

    /** The MIME type to serve a file's bytes with; text types carry charset UTF-8. */
    static String mimeType(String fileName, boolean text) {
        String known = MIME.get(extension(fileName));
        if (known != null) {
            return known.startsWith("text/") ? known + "; charset=utf-8" : known;
        }
        return text ? "text/plain; charset=utf-8" : "application/octet-stream";
    }
}
