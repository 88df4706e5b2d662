package dev.gathering.circle;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a reviewer agent's answer, strictly: exactly one {@code DECISION:} line (APPROVE, REQUEST_CHANGES or
 * REJECT), one {@code SCORE:} line (0–100) and a {@code COMMENTS:} section. Anything else is unusable.
 */
final class ReviewParser {

    static final String FORMAT = """
            Answer in exactly this format, with nothing before it:
            DECISION: APPROVE | REQUEST_CHANGES | REJECT
            SCORE: <a whole number from 0 to 100>
            COMMENTS: <what is good, what must change>""";

    private static final Pattern DECISION = Pattern.compile("(?im)^\\s*DECISION:\\s*(APPROVE|REQUEST_CHANGES|REJECT)\\s*$");
    private static final Pattern SCORE = Pattern.compile("(?im)^\\s*SCORE:\\s*(\\d{1,3})\\s*$");
    private static final Pattern COMMENTS = Pattern.compile("(?is)^\\s*COMMENTS:\\s*(.*)$", Pattern.MULTILINE);

    private ReviewParser() {
    }

    static Optional<TaskService.Review> parse(String answer) {
        if (answer == null) {
            return Optional.empty();
        }
        Matcher decision = DECISION.matcher(answer);
        if (!decision.find()) {
            return Optional.empty();
        }
        String verdict = decision.group(1).toUpperCase(Locale.ROOT);
        if (decision.find()) {
            return Optional.empty();
        }
        Matcher score = SCORE.matcher(answer);
        if (!score.find()) {
            return Optional.empty();
        }
        int value = Integer.parseInt(score.group(1));
        if (value > 100 || score.find()) {
            return Optional.empty();
        }
        Matcher comments = COMMENTS.matcher(answer);
        String text = comments.find() ? comments.group(1).strip() : "";
        String kind = switch (verdict) {
            case "APPROVE" -> "approved";
            case "REQUEST_CHANGES" -> "changes_requested";
            default -> "rejected";
        };
        return Optional.of(new TaskService.Review(kind, text, (double) value));
    }
}
