package dev.gathering.lsp;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gathering.platform.ratelimit.RateLimited;
import dev.gathering.platform.ratelimit.Tier;
import dev.gathering.platform.web.ApiException;
import dev.gathering.workspace.ProjectFolder;
import dev.gathering.workspace.WorkspaceService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.MarkedString;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Upstream's {@code /lsp/{project_id}/…}: completions, diagnostics, hover and definition from a real language server
 * running in the project folder. Positions: {@code line} 1-based, {@code character} 0-based (upstream's). Files are
 * named relative to the project and checked by the workspace; {@code content} (the editor's unsaved text) wins over
 * the file on disk.
 */
@RestController
@RequestMapping("/lsp/{projectId}")
@Validated
class LspController {

    record Initialize(@NotBlank String language, @Size(max = 1000) String workspacePath) {
    }

    record Position(@NotBlank @Size(max = 1000) String filePath, @NotNull @Min(1) Integer line,
                    @NotNull @Min(0) Integer character, @Size(max = 2_000_000) String content) {
    }

    record DocumentRequest(@NotBlank @Size(max = 1000) String filePath, @Size(max = 2_000_000) String content) {
    }

    record Completion(String label, String kind, String detail, String documentation, String insertText) {
    }

    record DiagnosticView(int line, int character, int endLine, int endCharacter, String severity, String message,
                          String source, String code) {
    }

    private final WorkspaceService workspace;
    private final LanguageServers servers;
    private final LspProperties properties;

    LspController(WorkspaceService workspace, LanguageServers servers, LspProperties properties) {
        this.workspace = workspace;
        this.servers = servers;
        this.properties = properties;
    }

    @PostMapping("/initialize")
    @RateLimited(Tier.WRITE)
    Map<String, Object> initialize(@PathVariable long projectId, @Valid @RequestBody Initialize body) {
        ProjectFolder folder = workspace.folder(projectId);
        if (body.workspacePath() != null && !body.workspacePath().isBlank()) {
            workspace.resolve(projectId, body.workspacePath()); // must lie inside the project
        }
        String language = LanguageCatalog.language(body.language());
        LanguageServer server = servers.get(projectId, language, root(folder));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "initialized");
        answer.put("language", language);
        answer.put("capabilities", server.capabilities());
        return answer;
    }

    @PostMapping("/completions")
    @RateLimited(Tier.WRITE)
    Map<String, Object> completions(@PathVariable long projectId, @RequestParam(defaultValue = "python") String language,
                                    @Valid @RequestBody Position body) {
        Document document = document(projectId, language, body.filePath(), body.content());
        List<Completion> completions = new ArrayList<>();
        for (CompletionItem item : document.server().completions(document.file(), document.text(), body.line() - 1, body.character())) {
            completions.add(new Completion(item.getLabel(), item.getKind() == null ? null : item.getKind().name().toLowerCase(),
                    item.getDetail(), documentation(item.getDocumentation()),
                    item.getInsertText() != null ? item.getInsertText()
                            : item.getTextEdit() != null && item.getTextEdit().isLeft() ? item.getTextEdit().getLeft().getNewText()
                            : item.getLabel()));
        }
        return Map.of("completions", completions, "count", completions.size());
    }

    @PostMapping("/diagnostics")
    @RateLimited(Tier.WRITE)
    Map<String, Object> diagnostics(@PathVariable long projectId, @RequestParam(defaultValue = "python") String language,
                                    @Valid @RequestBody DocumentRequest body) {
        Document document = document(projectId, language, body.filePath(), body.content());
        List<DiagnosticView> diagnostics = new ArrayList<>();
        for (Diagnostic d : document.server().diagnostics(document.file(), document.text(), properties.diagnosticsWait())) {
            diagnostics.add(new DiagnosticView(d.getRange().getStart().getLine() + 1, d.getRange().getStart().getCharacter(),
                    d.getRange().getEnd().getLine() + 1, d.getRange().getEnd().getCharacter(),
                    d.getSeverity() == null ? "error" : d.getSeverity().name().toLowerCase(), documentation(d.getMessage()), d.getSource(),
                    d.getCode() == null ? null : d.getCode().isLeft() ? d.getCode().getLeft() : String.valueOf(d.getCode().getRight())));
        }
        return Map.of("diagnostics", diagnostics, "count", diagnostics.size());
    }

    @PostMapping("/hover")
    @RateLimited(Tier.WRITE)
    Map<String, Object> hover(@PathVariable long projectId, @RequestParam(defaultValue = "python") String language,
                              @Valid @RequestBody Position body) {
        Document document = document(projectId, language, body.filePath(), body.content());
        Hover hover = document.server().hover(document.file(), document.text(), body.line() - 1, body.character());
        Map<String, Object> answer = new LinkedHashMap<>();
        String text = hover == null ? null : hoverText(hover);
        answer.put("contents", text == null || text.isBlank() ? null : text);
        if (hover != null && hover.getRange() != null && text != null && !text.isBlank()) {
            answer.put("range", Map.of("start_line", hover.getRange().getStart().getLine() + 1,
                    "start_character", hover.getRange().getStart().getCharacter(),
                    "end_line", hover.getRange().getEnd().getLine() + 1, "end_character", hover.getRange().getEnd().getCharacter()));
        }
        return answer;
    }

    @PostMapping("/definition")
    @RateLimited(Tier.WRITE)
    Map<String, Object> definition(@PathVariable long projectId, @RequestParam(defaultValue = "python") String language,
                                   @Valid @RequestBody Position body) {
        Document document = document(projectId, language, body.filePath(), body.content());
        List<Location> locations = document.server().definition(document.file(), document.text(), body.line() - 1, body.character());
        Map<String, Object> answer = new LinkedHashMap<>();
        if (locations.isEmpty()) {
            answer.put("uri", null);
            return answer;
        }
        Location location = locations.getFirst();
        answer.put("uri", location.getUri());
        Path root = document.root();
        try {
            Path target = Path.of(URI.create(location.getUri()));
            answer.put("file_path", target.startsWith(root) ? root.relativize(target).toString().replace('\\', '/') : null);
        } catch (IllegalArgumentException e) {
            answer.put("file_path", null);
        }
        answer.put("line", location.getRange().getStart().getLine() + 1);
        answer.put("character", location.getRange().getStart().getCharacter());
        return answer;
    }

    @DeleteMapping("/shutdown")
    @RateLimited(Tier.WRITE)
    Map<String, Object> shutdown(@PathVariable long projectId, @RequestParam(defaultValue = "python") String language) {
        workspace.folder(projectId);
        String name = LanguageCatalog.language(language);
        servers.stop(projectId, name);
        return Map.of("status", "shutdown", "project_id", projectId, "language", name);
    }

    @GetMapping("/status")
    @RateLimited(Tier.READ)
    Map<String, Object> status(@PathVariable long projectId, @RequestParam(defaultValue = "python") String language) {
        workspace.folder(projectId);
        String name = LanguageCatalog.language(language);
        return Map.of("active", servers.running(projectId, name).isPresent(), "project_id", projectId, "language", name);
    }

    private record Document(LanguageServer server, Path root, Path file, String text) {
    }

    private Document document(long projectId, String language, String filePath, String content) {
        ProjectFolder folder = workspace.folder(projectId);
        String name = LanguageCatalog.language(language);
        Path file = workspace.resolve(projectId, filePath);
        String text = content;
        if (text == null) {
            if (!Files.isRegularFile(file)) {
                throw ApiException.notFound("File not found: " + filePath + " (send its content to work on an unsaved file)");
            }
            text = workspace.read(projectId, filePath).content();
        }
        Path root = root(folder);
        return new Document(servers.get(projectId, name, root), root, file, text);
    }

    private static Path root(ProjectFolder folder) {
        try {
            return folder.path().toRealPath();
        } catch (java.io.IOException e) {
            throw ApiException.conflict("The project folder " + folder.path() + " does not exist any more");
        }
    }

    private static String documentation(Either<String, org.eclipse.lsp4j.MarkupContent> documentation) {
        if (documentation == null) {
            return null;
        }
        return documentation.isLeft() ? documentation.getLeft() : documentation.getRight().getValue();
    }

    private static String hoverText(Hover hover) {
        var contents = hover.getContents();
        if (contents == null) {
            return null;
        }
        if (contents.isRight()) {
            return contents.getRight().getValue();
        }
        List<String> parts = new ArrayList<>();
        for (Either<String, MarkedString> part : contents.getLeft()) {
            parts.add(part.isLeft() ? part.getLeft() : part.getRight().getValue());
        }
        return String.join("\n\n", parts);
    }
}
