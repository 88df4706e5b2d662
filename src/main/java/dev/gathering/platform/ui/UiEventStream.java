package dev.gathering.platform.ui;

import java.time.Duration;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gathering.platform.cache.Caches;
import dev.gathering.platform.events.Event;
import dev.gathering.platform.events.EventStreams;
import dev.gathering.platform.ratelimit.RateLimited;
import dev.gathering.platform.ratelimit.Tier;
import dev.gathering.platform.security.AuthenticatedUser;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /ui/events/stream?topics=}: the live stream of the UI's pages (one per page, opened by the layout's
 * {@code sse-connect}). Each event is an SSE message named {@code event} whose data is the event rendered as a feed
 * row ({@code platform/ui/event-row.jte}): a feed shows it with {@code sse-swap="event"}, and a part of a page
 * that only needs to know that something changed refreshes itself ({@code data-live}, see {@code app.js}).
 */
@UiController
class UiEventStream {

    private final EventStreams streams;
    private final TemplateEngine templates;
    private final Cache<String, String> rendered;

    UiEventStream(EventStreams streams, TemplateEngine templates, Caches caches) {
        this.streams = streams;
        this.templates = templates;
        this.rendered = caches.build("ui.event_rows", Caffeine.newBuilder().maximumSize(2048)
                .expireAfterWrite(Duration.ofMinutes(1)));
    }

    @GetMapping(path = "/ui/events/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @RateLimited(Tier.READ)
    void stream(@AuthenticationPrincipal AuthenticatedUser user, @RequestParam(required = false) String topics,
                @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                HttpServletResponse response) throws java.io.IOException, InterruptedException {
        streams.rendered(user, EventStreams.topics(topics == null || topics.isBlank() ? "*" : topics),
                lastEventId, "event", this::row, response);
    }

    /** One event as the feed row the pages show (also used to render the history on page load). */
    String row(Event event) {
        return rendered.get(event.id(), id -> {
            StringOutput output = new StringOutput();
            templates.render("platform/ui/event-row.jte", Map.of("event", EventView.of(event)), output);
            // one line: an SSE message's data ends at a line break
            return output.toString().replace('\r', ' ').replace('\n', ' ');
        });
    }
}
