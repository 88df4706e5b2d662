package dev.gathering.skill.builtin;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.gathering.platform.http.OutboundHttp;
import dev.gathering.platform.http.OutboundHttpException;
import dev.gathering.platform.http.OutboundRequest;
import dev.gathering.platform.http.OutboundResponse;
import dev.gathering.skill.Permission;
import dev.gathering.skill.Skill;
import dev.gathering.skill.SkillInfo;
import dev.gathering.skill.SkillProperties;
import dev.gathering.skill.Tool;
import dev.gathering.skill.ToolCall;
import dev.gathering.skill.ToolFailure;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Web pages for agents: fetched through the SSRF-safe client and read with jsoup (text, links, metadata); web
 * search through Brave Search's API when {@code GATHERING_WEB_SEARCH_API_KEY} is set.
 */
@Component
class WebSkill implements Skill {

    static final int MAX_TEXT = 20_000;
    static final int MAX_LINKS = 100;
    private static final String URL_SCHEMA = """
            {"type": "object",
             "properties": {"url": {"type": "string", "minLength": 1, "maxLength": 4000, "description": "absolute http(s) URL of the page"}%s},
             "required": ["url"], "additionalProperties": false}""";

    private final OutboundHttp http;
    private final SkillProperties properties;
    private final JsonMapper json;

    WebSkill(OutboundHttp http, SkillProperties properties, JsonMapper json) {
        this.http = http;
        this.properties = properties;
        this.json = json;
    }

    @Override
    public SkillInfo info() {
        return SkillInfo.of("web", "Web",
                "Reads web pages (text, links, metadata) and searches the web",
                "network", Permission.NETWORK);
    }

    @Override
    public List<Tool> tools() {
        return List.of(
                Tool.of("fetch_url", "Fetches a web page and returns its title, readable text, links and metadata",
                        URL_SCHEMA.formatted(",\"max_chars\": {\"type\": \"integer\", \"minimum\": 100, \"maximum\": 20000,"
                                + " \"description\": \"text returned (default 20000)\"}"),
                        this::fetch),
                Tool.of("extract_links", "Lists the links of a web page (absolute URLs with their text)",
                        URL_SCHEMA.formatted(""), call -> {
                            Document page = page(call.text("url"));
                            return Map.of("url", page.location(), "links", links(page));
                        }),
                Tool.of("extract_metadata", "Reads a web page's title, description, canonical URL and Open Graph tags",
                        URL_SCHEMA.formatted(""), call -> metadata(page(call.text("url")))),
                Tool.of("web_search", "Searches the web and returns titles, URLs and snippets", """
                        {"type": "object",
                         "properties": {"query": {"type": "string", "minLength": 1, "maxLength": 400},
                                        "count": {"type": "integer", "minimum": 1, "maximum": 20, "description": "results (default 5)"}},
                         "required": ["query"], "additionalProperties": false}""", this::search));
    }

    private Object fetch(ToolCall call) {
        Document page = page(call.text("url"));
        int maxChars = call.integer("max_chars", MAX_TEXT);
        String text = page.body() == null ? page.text() : page.body().text();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("url", page.location());
        result.put("title", page.title());
        result.put("text", text.length() > maxChars ? text.substring(0, maxChars) : text);
        if (text.length() > maxChars) {
            result.put("truncated", true);
        }
        result.put("links", links(page));
        result.put("metadata", metadata(page));
        return result;
    }

    private Document page(String url) {
        OutboundResponse response;
        try {
            response = http.send(OutboundRequest.get(OutboundHttp.parse(url))
                    .withHeader("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"));
        } catch (OutboundHttpException e) {
            throw new ToolFailure(e.getMessage());
        }
        if (!response.isSuccess()) {
            throw new ToolFailure(url + " answered HTTP " + response.status());
        }
        String type = response.contentType() == null ? "text/html" : response.contentType().toLowerCase(Locale.ROOT);
        if (!(type.contains("html") || type.contains("xml") || type.startsWith("text/"))) {
            throw new ToolFailure(url + " is not a web page (" + type + "); use the http skill for other content");
        }
        return Jsoup.parse(response.text(), response.uri().toString());
    }

    private static List<Map<String, String>> links(Document page) {
        Set<String> seen = new LinkedHashSet<>();
        List<Map<String, String>> links = new ArrayList<>();
        for (Element anchor : page.select("a[href]")) {
            String href = anchor.absUrl("href");
            if (href.isEmpty() || !(href.startsWith("http://") || href.startsWith("https://")) || !seen.add(href)) {
                continue;
            }
            links.add(Map.of("url", href, "text", anchor.text()));
            if (links.size() == MAX_LINKS) {
                break;
            }
        }
        return links;
    }

    private static Map<String, Object> metadata(Document page) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("url", page.location());
        metadata.put("title", page.title());
        putIfPresent(metadata, "description", page.select("meta[name=description]").attr("content"));
        putIfPresent(metadata, "keywords", page.select("meta[name=keywords]").attr("content"));
        putIfPresent(metadata, "author", page.select("meta[name=author]").attr("content"));
        putIfPresent(metadata, "canonical", page.select("link[rel=canonical]").attr("abs:href"));
        putIfPresent(metadata, "language", page.select("html").attr("lang"));
        Map<String, String> openGraph = new LinkedHashMap<>();
        for (Element meta : page.select("meta[property^=og:]")) {
            openGraph.put(meta.attr("property").substring(3), meta.attr("content"));
        }
        if (!openGraph.isEmpty()) {
            metadata.put("open_graph", openGraph);
        }
        return metadata;
    }

    private static void putIfPresent(Map<String, Object> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value.trim());
        }
    }

    private Object search(ToolCall call) {
        String key = properties.webSearchApiKey();
        if (key == null || key.isBlank()) {
            throw new ToolFailure("Web search is not configured on this server: an administrator sets"
                    + " GATHERING_WEB_SEARCH_API_KEY (a Brave Search API key) to enable it; fetch_url still reads pages");
        }
        int count = call.integer("count", 5);
        URI uri = HttpSkill.withParams(properties.webSearchUrl(), json.createObjectNode()
                .put("q", call.text("query")).put("count", count));
        OutboundResponse response;
        try {
            response = http.send(OutboundRequest.get(uri).withHeader("Accept", "application/json")
                    .withHeader("X-Subscription-Token", key));
        } catch (OutboundHttpException e) {
            throw new ToolFailure("The search service could not be reached: " + e.getMessage());
        }
        if (response.status() == 401 || response.status() == 403) {
            throw new ToolFailure("The search service refused the API key (HTTP " + response.status() + ")");
        }
        if (!response.isSuccess()) {
            throw new ToolFailure("The search service answered HTTP " + response.status());
        }
        JsonNode body = json.readTree(response.text());
        List<Map<String, String>> results = new ArrayList<>();
        for (JsonNode item : body.path("web").path("results")) {
            results.add(Map.of("title", item.path("title").asString(""), "url", item.path("url").asString(""),
                    "snippet", Jsoup.parse(item.path("description").asString("")).text()));
            if (results.size() == count) {
                break;
            }
        }
        return Map.of("query", call.text("query"), "results", results);
    }
}
