package dev.gathering.skill.builtin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.gathering.platform.http.OutboundHttp;
import dev.gathering.platform.http.OutboundHttpException;
import dev.gathering.platform.http.OutboundRequest;
import dev.gathering.platform.http.OutboundResponse;
import dev.gathering.skill.Permission;
import dev.gathering.skill.ProjectFiles;
import dev.gathering.skill.Skill;
import dev.gathering.skill.SkillInfo;
import dev.gathering.skill.Tool;
import dev.gathering.skill.ToolCall;
import dev.gathering.skill.ToolFailure;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.text.PDFTextStripper;
import org.springframework.stereotype.Component;

/**
 * Reads PDF documents (PDFBox): their text by pages, their properties, and where a phrase occurs. A PDF comes from the
 * web ({@code url}, through the SSRF-safe client) or from a project ({@code path}, through the workspace's
 * {@link ProjectFiles}: its path rules, the project of the agent's circle unless {@code project_id} names one).
 */
@Component
class PdfSkill implements Skill {

    static final int MAX_TEXT = 50_000;
    static final int MAX_MATCHES = 50;
    private static final String SOURCE = """
            "url": {"type": "string", "minLength": 1, "maxLength": 4000, "description": "absolute http(s) URL of the PDF (or give path)"},
            "path": {"type": "string", "minLength": 1, "maxLength": 4000, "description": "a PDF in the project, relative to its folder (or give url)"},
            "project_id": {"type": "integer", "minimum": 1, "description": "the project of path; by default the project of the agent's circle"}""";

    private final OutboundHttp http;
    private final ProjectFiles projectFiles;

    PdfSkill(OutboundHttp http, ProjectFiles projectFiles) {
        this.http = http;
        this.projectFiles = projectFiles;
    }

    @Override
    public SkillInfo info() {
        return SkillInfo.of("pdf", "PDF",
                "Reads PDF documents: text by page, document properties, search",
                "documents", Permission.READ, Permission.NETWORK);
    }

    @Override
    public List<Tool> tools() {
        return List.of(
                Tool.of("pdf_read", "Extracts the text of a PDF, all pages or a range", """
                        {"type": "object", "properties": {%s,
                           "first_page": {"type": "integer", "minimum": 1},
                           "last_page": {"type": "integer", "minimum": 1},
                           "max_chars": {"type": "integer", "minimum": 100, "maximum": 50000}},
                         "additionalProperties": false}""".formatted(SOURCE), this::read),
                Tool.of("pdf_info", "Reads a PDF's page count and properties (title, author, dates…)", """
                        {"type": "object", "properties": {%s}, "additionalProperties": false}"""
                        .formatted(SOURCE), this::info),
                Tool.of("pdf_search", "Finds the pages of a PDF where a phrase occurs, with the text around it", """
                        {"type": "object", "properties": {%s,
                           "query": {"type": "string", "minLength": 1, "maxLength": 200}},
                         "required": ["query"], "additionalProperties": false}""".formatted(SOURCE), this::search));
    }

    private Object read(ToolCall call) throws IOException {
        try (PDDocument document = load(call)) {
            int pages = document.getNumberOfPages();
            int first = Math.min(call.integer("first_page", 1), Math.max(pages, 1));
            int last = Math.min(call.integer("last_page", pages), pages);
            if (last < first) {
                throw new ToolFailure("last_page (" + last + ") is before first_page (" + first + ")");
            }
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setStartPage(first);
            stripper.setEndPage(last);
            String text = stripper.getText(document).strip();
            int max = call.integer("max_chars", MAX_TEXT);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("pages", pages);
            result.put("first_page", first);
            result.put("last_page", last);
            result.put("text", text.length() > max ? text.substring(0, max) : text);
            if (text.length() > max) {
                result.put("truncated", true);
            }
            return result;
        }
    }

    private Object info(ToolCall call) throws IOException {
        try (PDDocument document = load(call)) {
            PDDocumentInformation info = document.getDocumentInformation();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("pages", document.getNumberOfPages());
            result.put("version", document.getVersion());
            result.put("encrypted", document.isEncrypted());
            result.put("title", info.getTitle());
            result.put("author", info.getAuthor());
            result.put("subject", info.getSubject());
            result.put("keywords", info.getKeywords());
            result.put("creator", info.getCreator());
            result.put("producer", info.getProducer());
            result.put("created", info.getCreationDate() == null ? null : info.getCreationDate().toInstant().toString());
            result.put("modified", info.getModificationDate() == null ? null : info.getModificationDate().toInstant().toString());
            return result;
        }
    }

    private Object search(ToolCall call) throws IOException {
        String query = call.text("query");
        String needle = query.toLowerCase(Locale.ROOT);
        try (PDDocument document = load(call)) {
            List<Map<String, Object>> matches = new ArrayList<>();
            PDFTextStripper stripper = new PDFTextStripper();
            for (int page = 1; page <= document.getNumberOfPages() && matches.size() < MAX_MATCHES; page++) {
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                String text = stripper.getText(document).replaceAll("\\s+", " ");
                String lower = text.toLowerCase(Locale.ROOT);
                for (int at = lower.indexOf(needle); at >= 0 && matches.size() < MAX_MATCHES; at = lower.indexOf(needle, at + 1)) {
                    int from = Math.max(0, at - 80);
                    int to = Math.min(text.length(), at + needle.length() + 80);
                    matches.add(Map.of("page", page, "context", text.substring(from, to).strip()));
                }
            }
            return Map.of("query", query, "count", matches.size(), "matches", matches);
        }
    }

    private PDDocument load(ToolCall call) throws IOException {
        String url = call.text("url", null);
        String path = call.text("path", null);
        if ((url == null) == (path == null)) {
            throw new ToolFailure("Give either url (a PDF on the web) or path (a PDF in the project), not "
                    + (url == null ? "neither" : "both"));
        }
        if (path != null) {
            ProjectFiles.ProjectFile file = projectFiles.read(call.context(), call.optionalLong("project_id"), path);
            return parse(file.bytes(), file.path() + " (project " + file.projectId() + ")");
        }
        OutboundResponse response;
        try {
            response = http.send(OutboundRequest.get(OutboundHttp.parse(url)).withHeader("Accept", "application/pdf"));
        } catch (OutboundHttpException e) {
            throw new ToolFailure(e.getMessage());
        }
        if (!response.isSuccess()) {
            throw new ToolFailure(url + " answered HTTP " + response.status());
        }
        return parse(response.body(), url);
    }

    private static PDDocument parse(byte[] bytes, String source) {
        try {
            return Loader.loadPDF(bytes);
        } catch (IOException e) {
            throw new ToolFailure(source + " is not a readable PDF: " + e.getMessage());
        }
    }
}
