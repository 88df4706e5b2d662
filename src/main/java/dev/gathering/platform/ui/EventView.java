package dev.gathering.platform.ui;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.gathering.platform.events.Event;

/** An event as a feed row shows it: when, what kind (for its colour), a one-line summary and its details. */
public record EventView(String id, String type, String kind, Instant timestamp, String time, String summary,
                        Long agentId, Long circleId, Long projectId, List<String> details) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    /** Keys whose value reads as the event's summary, best first. */
    private static final List<String> SUMMARY_KEYS = List.of("title", "message", "name", "agent_name", "content",
            "reason", "error", "query", "status");
    private static final int MAX_DETAILS = 4;
    private static final int MAX_TEXT = 140;

    public static EventView of(Event event) {
        String summary = null;
        for (String key : SUMMARY_KEYS) {
            Object value = event.data().get(key);
            if (value != null && !String.valueOf(value).isBlank()) {
                summary = shorten(String.valueOf(value));
                break;
            }
        }
        List<String> details = new ArrayList<>();
        for (Map.Entry<String, Object> entry : event.data().entrySet()) {
            if (details.size() == MAX_DETAILS) {
                break;
            }
            Object value = entry.getValue();
            if (value == null || value instanceof Map<?, ?> || (value instanceof List<?> list && list.isEmpty())
                    || shorten(String.valueOf(value)).equals(summary)) {
                continue;
            }
            details.add(entry.getKey() + ": " + shorten(String.valueOf(value)));
        }
        return new EventView(event.id(), event.type(), kind(event.type()), event.timestamp(),
                TIME.format(event.timestamp()), summary == null ? event.type() : summary, event.sourceAgentId(),
                event.circleId(), event.projectId(), List.copyOf(details));
    }

    /** The colour family of a type: its first segment, with failures and conflicts set apart. */
    static String kind(String type) {
        if (type.contains("fail") || type.contains("error") || type.contains("rejected") || type.contains("blocked")) {
            return "danger";
        }
        if (type.contains("conflict") || type.contains("escalation") || type.contains("changes_requested")) {
            return "warning";
        }
        if (type.endsWith("completed") || type.endsWith("approved") || type.endsWith("created")) {
            return "success";
        }
        int dot = type.indexOf('.');
        return dot < 0 ? type : type.substring(0, dot);
    }

    private static String shorten(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() > MAX_TEXT ? flat.substring(0, MAX_TEXT - 1) + "…" : flat;
    }
}
