package dev.gathering.memory;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits long documents the upstream way: text longer than {@value #CHUNK_THRESHOLD} characters becomes chunks of at
 * most {@value #CHUNK_SIZE} characters, consecutive chunks sharing {@value #OVERLAP} characters. A chunk ends
 * preferably after the last paragraph break ({@code "\n\n"}) of its window, else after the last sentence end
 * ({@code ". "}, {@code ".\n"}, {@code "! "}, {@code "? "}), provided that cut lies beyond half the window; otherwise
 * the window is cut at its full size.
 */
final class Chunker {

    static final int CHUNK_THRESHOLD = 3000;
    static final int CHUNK_SIZE = 2000;
    static final int OVERLAP = 200;
    private static final String[] SENTENCE_ENDS = {". ", ".\n", "! ", "? "};

    private Chunker() {
    }

    static boolean needsChunking(String text) {
        return text.length() > CHUNK_THRESHOLD;
    }

    static List<String> chunk(String text) {
        List<String> chunks = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(start + CHUNK_SIZE, text.length());
            if (end < text.length()) {
                end = cut(text, start, end);
            }
            chunks.add(text.substring(start, end));
            if (end >= text.length()) {
                break;
            }
            start = end - OVERLAP;
        }
        return chunks;
    }

    /** Where the window [start, end) ends: after a paragraph break or a sentence end beyond its middle, else at end. */
    private static int cut(String text, int start, int end) {
        int half = start + CHUNK_SIZE / 2;
        String window = text.substring(start, end);
        int paragraph = window.lastIndexOf("\n\n");
        if (paragraph >= 0 && start + paragraph + 2 > half) {
            return start + paragraph + 2;
        }
        int best = -1;
        for (String sentenceEnd : SENTENCE_ENDS) {
            int at = window.lastIndexOf(sentenceEnd);
            if (at >= 0) {
                best = Math.max(best, at + sentenceEnd.length());
            }
        }
        if (best >= 0 && start + best > half) {
            return start + best;
        }
        return end;
    }
}
