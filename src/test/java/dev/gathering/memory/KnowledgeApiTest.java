package dev.gathering.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.gathering.support.Api;
import dev.gathering.support.Fixtures;
import dev.gathering.support.IntegrationTest;
import dev.gathering.support.StatementCounter;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The knowledge base routes through HTTP: entries, scopes, hybrid search, documents and their chunks. */
class KnowledgeApiTest extends IntegrationTest {

    @Autowired
    StatementCounter counter;

    @Autowired
    dev.gathering.workspace.FolderPolicy folders;

    /** A real project: knowledge entries name existing projects. */
    private long project(Api admin) {
        return Fixtures.project(admin, folders.workspaceRoot());
    }

    /** Each test works in its own project and circle ids, so that the shared database's other entries do not interfere. */
    private static long scope() {
        return Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L) + 1;
    }

    private static JsonNode add(Api api, Map<String, Object> body) {
        Api.Response response = api.withClientIp(Api.randomClientIp()).post("/memories/knowledge", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static JsonNode search(Api api, Map<String, Object> body) {
        Api.Response response = api.withClientIp(Api.randomClientIp()).post("/memories/knowledge/search", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static List<String> titles(JsonNode results) {
        return results.get("results").findValuesAsString("title");
    }

    @Test
    void entriesAreFoundByMeaningWithinTheirScope() {
        Api admin = admin();
        long project = project(admin);
        long otherProject = project(admin);
        long circle = scope();
        JsonNode added = add(admin, Map.of("title", "Rolling back a release", "content",
                "To undo a bad deployment, redeploy the previous container image tag and run the down migration.",
                "category", "docs", "project_id", project, "tags", List.of("ops")));
        add(admin, Map.of("title", "Holiday calendar", "content", "The office closes between Christmas and New Year.",
                "category", "faq", "project_id", project));
        add(admin, Map.of("title", "Reverting deployments elsewhere", "content",
                "Another project undoes a broken deployment by restoring the previous image.", "project_id", otherProject));
        add(admin, Map.of("title", "Circle deployment notes", "content",
                "The circle reverts broken deployments with the previous image too.", "circle_id", circle));
        add(admin, Map.of("title", "Global deployment policy", "content",
                "Every team must be able to revert a deployment within ten minutes.", "is_global", true));

        JsonNode projectOnly = search(admin, Map.of("query", "How do I revert a broken release?", "project_id", project,
                "include_global", false, "mode", "semantic"));
        JsonNode withGlobal = search(admin, Map.of("query", "How do I revert a broken release?", "project_id", project,
                "mode", "semantic"));
        JsonNode projectOrCircle = search(admin, Map.of("query", "How do I revert a broken release?", "project_id", project,
                "circle_id", circle, "include_global", false, "mode", "semantic"));
        JsonNode faqOnly = search(admin, Map.of("query", "When is the office closed?", "project_id", project,
                "category", "faq", "include_global", false));

        assertThat(added.get("id").asLong()).isPositive();
        assertThat(added.get("category").asString()).isEqualTo("docs");
        assertThat(added.get("tags").toString()).isEqualTo("[\"ops\"]");
        assertThat(titles(projectOnly)).first().isEqualTo("Rolling back a release");
        assertThat(titles(projectOnly)).doesNotContain("Reverting deployments elsewhere", "Circle deployment notes",
                "Global deployment policy");
        assertThat(projectOnly.get("results").get(0).get("similarity").asDouble()).isGreaterThan(0.3);
        assertThat(projectOnly.get("mode").asString()).isEqualTo("semantic");
        assertThat(titles(withGlobal)).contains("Rolling back a release", "Global deployment policy")
                .doesNotContain("Reverting deployments elsewhere", "Circle deployment notes");
        assertThat(titles(projectOrCircle)).contains("Rolling back a release", "Circle deployment notes")
                .doesNotContain("Global deployment policy", "Reverting deployments elsewhere");
        assertThat(titles(faqOnly)).containsExactly("Holiday calendar");
    }

    @Test
    void hybridSearchFindsExactTermsThatEmbeddingsMiss() {
        Api admin = admin();
        long project = project(admin);
        // the code is one detail of a long entry: its embedding is about billing, not about the code
        add(admin, Map.of("title", "Quarterly billing review", "content", "The finance team reviewed invoices, refunds and "
                + "the new pricing tiers. Churn went down two percent and the enterprise plan grew. Marketing asked for a "
                + "discount campaign in spring. One settlement batch failed with ZX-4471 in February and was retried. "
                + "The board approved the budget for the next year and the office move in June.", "project_id", project));
        add(admin, Map.of("title", "Error codes", "content", "Our services report failures with short error codes; the list "
                + "of codes and their meaning is kept in the wiki.", "project_id", project));
        add(admin, Map.of("title", "Team lunch", "content", "We eat together on Thursdays.", "project_id", project));
        Map<String, Object> query = new LinkedHashMap<>(Map.of("query", "What does ZX-4471 mean?", "project_id", project,
                "include_global", false, "threshold", 0.4));

        query.put("mode", "semantic");
        JsonNode semantic = search(admin, query);
        query.put("mode", "keyword");
        JsonNode keyword = search(admin, query);
        query.put("mode", "hybrid");
        JsonNode hybrid = search(admin, query);
        query.remove("mode");
        JsonNode byDefault = search(admin, query);

        assertThat(titles(semantic)).doesNotContain("Quarterly billing review");
        assertThat(titles(keyword)).first().isEqualTo("Quarterly billing review");
        assertThat(keyword.get("results").get(0).get("keyword_rank").asDouble()).isPositive();
        assertThat(keyword.get("results").get(0).get("similarity").isNull()).isTrue();
        assertThat(titles(hybrid)).first().isEqualTo("Quarterly billing review");
        assertThat(hybrid.get("results").get(0).get("matched_by").asString()).isEqualTo("keyword");
        assertThat(byDefault.get("mode").asString()).isEqualTo("hybrid");
        assertThat(titles(byDefault)).first().isEqualTo("Quarterly billing review");
    }

    @Test
    void entriesAreListedCountedAndDeleted() {
        Api admin = admin();
        String category = "cat-" + UUID.randomUUID().toString().substring(0, 8);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(add(admin, Map.of("title", "Entry " + i, "content", "Content of entry " + i, "category", category)).get("id").asLong());
        }

        JsonNode page1 = admin.get("/memories/knowledge?category=" + category + "&page=1&page_size=2").json();
        JsonNode page2 = admin.get("/memories/knowledge?category=" + category + "&page=2&page_size=2").json();
        JsonNode stats = admin.get("/memories/knowledge/stats").json();
        Api.Response deleted = admin.delete("/memories/knowledge/" + ids.get(1));
        JsonNode afterDelete = admin.get("/memories/knowledge?category=" + category).json();
        Api.Response deletedAgain = admin.delete("/memories/knowledge/" + ids.get(1));

        assertThat(page1.get("total").asLong()).isEqualTo(3);
        assertThat(page1.get("entries").findValuesAsString("title")).containsExactly("Entry 2", "Entry 1");
        assertThat(page2.get("entries").findValuesAsString("title")).containsExactly("Entry 0");
        assertThat(page2.get("page").asInt()).isEqualTo(2);
        assertThat(stats.get("by_category").get(category).asLong()).isEqualTo(3);
        assertThat(stats.get("total_entries").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(stats.get("recent_entries").size()).isBetween(1, 5);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        assertThat(deleted.json().get("deleted").toString()).isEqualTo("[" + ids.get(1) + "]");
        assertThat(afterDelete.get("entries").findValuesAsString("title")).containsExactly("Entry 2", "Entry 0");
        assertThat(deletedAgain.status()).isEqualTo(404);
        assertThat(deletedAgain.json().get("detail").asString()).isEqualTo("Knowledge entry " + ids.get(1) + " not found");
    }

    @Test
    void aLongDocumentIsStoredAsAMainEntryAndItsChunks() {
        Api admin = admin();
        long project = project(admin);
        StringBuilder text = new StringBuilder("# Operations handbook\n\n");
        for (int i = 0; text.length() < 7000; i++) {
            text.append("Section ").append(i).append(". The on-call engineer checks the dashboards and writes the incident report. ");
            if (i % 5 == 4) {
                text.append("\n\n");
            }
        }
        text.append("\n\nThe secret word for the archive room is PELICAN-42.");
        long agentId = Fixtures.agent(admin, Fixtures.unique("Author"), "local", "local-responder", Map.of());

        Api.Response uploaded = upload(admin, "handbook.md", text.toString().getBytes(StandardCharsets.UTF_8),
                Map.of("category", "docs", "tags", "ops, handbook", "author_agent_id", String.valueOf(agentId),
                        "project_id", String.valueOf(project)));
        JsonNode body = uploaded.json();
        long mainId = body.get("id").asLong();
        JsonNode chunks = search(admin, Map.of("query", "PELICAN-42", "project_id", project, "include_global", false,
                "mode", "keyword", "limit", 50));
        JsonNode listed = admin.get("/memories/knowledge?category=docs&page_size=100").json();

        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(200);
        assertThat(body.get("title").asString()).isEqualTo("handbook");
        assertThat(body.get("filename").asString()).isEqualTo("handbook.md");
        assertThat(body.get("format").asString()).isEqualTo("markdown");
        assertThat(body.get("char_count").asInt()).isEqualTo(text.toString().strip().length());
        int count = body.get("chunk_count").asInt();
        assertThat(count).isEqualTo(Chunker.chunk(text.toString().strip()).size()).isGreaterThanOrEqualTo(4);
        assertThat(body.get("tags").toString()).isEqualTo("[\"ops\",\"handbook\"]");
        JsonNode hit = chunks.get("results").get(0);
        assertThat(hit.get("title").asString()).isEqualTo("handbook (chunk " + count + "/" + count + ")");
        assertThat(hit.get("tags").toString()).isEqualTo("[\"ops\",\"handbook\",\"doc:" + mainId + "\",\"chunk\"]");
        assertThat(hit.get("document_id").asLong()).isEqualTo(mainId);
        JsonNode main = listed.get("entries").valueStream().filter(entry -> entry.get("id").asLong() == mainId).findFirst().orElseThrow();
        assertThat(main.get("content").asString()).startsWith("[Document with " + count + " chunks]");
        assertThat(main.get("author_agent_id").asLong()).isEqualTo(agentId);

        Api.Response deleted = admin.delete("/memories/knowledge/" + mainId);
        assertThat(deleted.json().get("deleted").size()).isEqualTo(count + 1);
        assertThat(search(admin, Map.of("query", "PELICAN-42", "project_id", project, "include_global", false,
                "mode", "keyword")).get("results").size()).isZero();
    }

    @Test
    void shortTextCsvAndPdfDocumentsAreStoredWhole() throws IOException {
        Api admin = admin();
        long project = project(admin);
        Map<String, String> fields = Map.of("project_id", String.valueOf(project), "title", "Notes");

        Api.Response text = upload(admin, "notes.txt", "Plain notes about the kiln temperature".getBytes(StandardCharsets.UTF_8), fields);
        Api.Response csv = upload(admin, "prices.csv", "item,price\nkiln,1200\nglaze,35\n".getBytes(StandardCharsets.UTF_8),
                Map.of("project_id", String.valueOf(project)));
        Api.Response pdf = upload(admin, "manual.pdf", pdf("The kiln must cool for twelve hours before opening."),
                Map.of("project_id", String.valueOf(project), "chunk_large_docs", "false", "is_global", "false"));
        JsonNode found = search(admin, Map.of("query", "How long should the oven cool down?", "project_id", project,
                "include_global", false, "mode", "semantic"));

        assertThat(text.status()).as(text.toString()).isEqualTo(200);
        assertThat(text.json().get("format").asString()).isEqualTo("text");
        assertThat(text.json().get("chunk_count").asInt()).isZero();
        assertThat(text.json().get("title").asString()).isEqualTo("Notes");
        assertThat(csv.json().get("format").asString()).isEqualTo("csv");
        assertThat(csv.json().get("title").asString()).isEqualTo("prices");
        assertThat(pdf.status()).as(pdf.toString()).isEqualTo(200);
        assertThat(pdf.json().get("format").asString()).isEqualTo("pdf");
        assertThat(found.get("results").get(0).get("content").asString()).contains("The kiln must cool for twelve hours");
    }

    @Test
    void badDocumentsAreRefusedWithAReason() throws IOException {
        Api admin = admin();

        Api.Response empty = upload(admin, "empty.md", new byte[0], Map.of());
        Api.Response blank = upload(admin, "blank.txt", "  \n\n ".getBytes(StandardCharsets.UTF_8), Map.of());
        Api.Response unsupported = upload(admin, "slides.pptx", "whatever".getBytes(StandardCharsets.UTF_8), Map.of());
        Api.Response noExtension = upload(admin, "README", "whatever".getBytes(StandardCharsets.UTF_8), Map.of());
        Api.Response scanned = upload(admin, "scan.pdf", pdf(null), Map.of());
        Api.Response fakePdf = upload(admin, "fake.pdf", "not a pdf at all".getBytes(StandardCharsets.UTF_8), Map.of());
        Api.Response binary = upload(admin, "data.txt", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2}, Map.of());
        Api.Response badAuthor = upload(admin, "ok.md", "fine".getBytes(StandardCharsets.UTF_8), Map.of("author_agent_id", "987654321"));
        Api.Response noFile = admin.withClientIp(Api.randomClientIp()).send(multipart(admin, "/memories/knowledge/upload", null, null,
                Map.of("title", "nothing")));

        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("detail").asString()).isEqualTo("The file 'empty.md' is empty");
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.json().get("detail").asString()).contains("contains no text");
        assertThat(unsupported.status()).isEqualTo(415);
        assertThat(unsupported.json().get("detail").asString()).isEqualTo(
                "Unsupported file type '.pptx': upload .md, .markdown, .txt, .csv or .pdf");
        assertThat(noExtension.status()).isEqualTo(415);
        assertThat(scanned.status()).isEqualTo(400);
        assertThat(scanned.json().get("detail").asString()).contains("has no extractable text");
        assertThat(fakePdf.status()).isEqualTo(400);
        assertThat(fakePdf.json().get("detail").asString()).contains("is not a PDF document");
        assertThat(binary.status()).isEqualTo(400);
        assertThat(badAuthor.status()).isEqualTo(400);
        assertThat(badAuthor.json().get("detail").asString()).contains("author_agent_id 987654321");
        assertThat(noFile.status()).isEqualTo(422);
    }

    @Test
    void badSearchesAndEntriesAreRefused() {
        Api admin = admin();
        assertThat(admin.post("/memories/knowledge", Map.of("title", "x")).status()).isEqualTo(422);
        assertThat(admin.post("/memories/knowledge", Map.of("content", "x")).status()).isEqualTo(422);
        assertThat(admin.post("/memories/knowledge?author_agent_id=987654321", Map.of("title", "x", "content", "y")).status())
                .isEqualTo(400);
        assertThat(admin.post("/memories/knowledge/search", Map.of("query", "x", "mode", "fuzzy")).status()).isEqualTo(422);
        assertThat(admin.post("/memories/knowledge/search", Map.of("query", "x", "limit", 0)).status()).isEqualTo(422);
        assertThat(admin.post("/memories/knowledge/search", Map.of("query", "")).status()).isEqualTo(422);
        assertThat(admin.get("/memories/knowledge?page_size=0").status()).isEqualTo(422);
        assertThat(admin.delete("/memories/knowledge/987654321").status()).isEqualTo(404);
    }

    @Test
    void theListRunsAFixedNumberOfStatements() {
        Api admin = admin();
        String few = "few-" + UUID.randomUUID().toString().substring(0, 8);
        String many = "many-" + UUID.randomUUID().toString().substring(0, 8);
        add(admin, Map.of("title", "One", "content", "Only entry", "category", few));
        for (int i = 0; i < 12; i++) {
            add(admin, Map.of("title", "Entry " + i, "content", "Entry number " + i, "category", many, "tags", List.of("t" + i)));
        }

        int one = counter.countGet(admin, "/memories/knowledge?category=" + few);
        int twelve = counter.countGet(admin, "/memories/knowledge?category=" + many);
        int stats = counter.countGet(admin, "/memories/knowledge/stats");

        assertThat(twelve).isEqualTo(one).isLessThanOrEqualTo(3);
        assertThat(stats).isLessThanOrEqualTo(3);
    }

    static Api.Response upload(Api api, String filename, byte[] content, Map<String, String> fields) {
        return api.withClientIp(Api.randomClientIp()).send(multipart(api, "/memories/knowledge/upload", filename, content, fields));
    }

    static HttpRequest.Builder multipart(Api api, String path, String filename, byte[] content, Map<String, String> fields) {
        String boundary = "----gathering" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        if (filename != null) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(content);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return api.request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    }

    /** A one-page PDF with the given line of text, or a blank page when null. */
    static byte[] pdf(String line) throws IOException {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            document.addPage(page);
            if (line != null) {
                try (PDPageContentStream stream = new PDPageContentStream(document, page)) {
                    stream.beginText();
                    stream.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                    stream.newLineAtOffset(72, 700);
                    stream.showText(line);
                    stream.endText();
                }
            }
            document.save(out);
            return out.toByteArray();
        }
    }
}
