package dev.gathering.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The upstream chunking rules at their boundaries. */
class ChunkerTest {

    @Test
    void textUpTo3000CharactersIsNotChunked() {
        assertThat(Chunker.needsChunking("a".repeat(3000))).isFalse();
        assertThat(Chunker.needsChunking("a".repeat(3001))).isTrue();
    }

    @Test
    void withoutAnyBreakChunksAreFullSizeAndOverlapBy200() {
        String text = letters(5000);
        List<String> chunks = Chunker.chunk(text);

        assertThat(chunks).hasSize(3);
        assertThat(chunks.get(0)).hasSize(2000).isEqualTo(text.substring(0, 2000));
        assertThat(chunks.get(1)).isEqualTo(text.substring(1800, 3800));
        assertThat(chunks.get(2)).isEqualTo(text.substring(3600));
        for (int i = 1; i < chunks.size(); i++) {
            String previous = chunks.get(i - 1);
            assertThat(chunks.get(i)).startsWith(previous.substring(previous.length() - 200));
        }
    }

    @Test
    void aParagraphBreakBeyondHalfTheWindowEndsTheChunk() {
        // a break at 1500 (beyond half of 2000) wins over the sentence end at 1900
        String text = letters(1498) + "\n\n" + letters(398) + ". " + letters(2000);
        List<String> chunks = Chunker.chunk(text);

        assertThat(chunks.get(0)).hasSize(1500).endsWith("\n\n");
        assertThat(chunks.get(1)).startsWith(text.substring(1300, 1500));
    }

    @Test
    void aBreakBeforeHalfTheWindowIsIgnoredInFavourOfASentenceEnd() {
        // paragraph at 802 is before half; the sentence end at 1702 is used
        String text = letters(800) + "\n\n" + letters(898) + "! " + letters(2500);
        List<String> chunks = Chunker.chunk(text);

        assertThat(chunks.get(0)).hasSize(1702).endsWith("! ");
    }

    @Test
    void theLastSentenceEndOfTheWindowIsUsed() {
        String text = letters(1100) + ". " + letters(300) + "? " + letters(300) + ".\n" + letters(3000);
        List<String> chunks = Chunker.chunk(text);

        assertThat(chunks.get(0)).hasSize(1706).endsWith(".\n");
    }

    @Test
    void everyCharacterIsCoveredAndNoChunkExceeds2000() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 20_000; i++) {
            text.append("Sentence number ").append(i).append(" talks about memory and retrieval. ");
            if (i % 7 == 0) {
                text.append("\n\n");
            }
        }
        List<String> chunks = Chunker.chunk(text.toString());
        StringBuilder rebuilt = new StringBuilder(chunks.getFirst());
        for (int i = 1; i < chunks.size(); i++) {
            assertThat(chunks.get(i - 1)).endsWith(chunks.get(i).substring(0, 200));
            rebuilt.append(chunks.get(i).substring(200));
        }
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.length()).isLessThanOrEqualTo(2000));
        assertThat(rebuilt.toString()).isEqualTo(text.toString());
    }

    private static String letters(int count) {
        StringBuilder builder = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            builder.append((char) ('a' + i % 26));
        }
        return builder.toString();
    }
}
