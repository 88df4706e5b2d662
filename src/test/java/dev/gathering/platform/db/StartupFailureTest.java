package dev.gathering.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.gathering.support.ServerProcess;
import org.junit.jupiter.api.Test;

class StartupFailureTest {

    @Test
    void anUnreachableDatabaseStopsStartUpWithinTenSecondsWithOneLine() throws Exception {
        long started = System.nanoTime();
        try (ServerProcess server = ServerProcess.start("--gathering.db.url=postgresql://gathering:secret@127.0.0.1:9/gathering")) {
            assertThat(server.waitForExit(Duration.ofSeconds(10))).as("exited within 10 s").isTrue();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

            String output = server.output();
            assertThat(server.process().exitValue()).isNotZero();
            assertThat(elapsed).isLessThan(Duration.ofSeconds(10));
            assertThat(output).containsOnlyOnce("GatheRing could not start: cannot connect to PostgreSQL at 127.0.0.1:9/gathering");
            assertThat(output).doesNotContain("\tat ", "secret");
        }
    }

    @Test
    void aMalformedUrlIsNamedWithoutItsPassword() throws Exception {
        try (ServerProcess server = ServerProcess.start("--gathering.db.url=mysql://root:hunter2@db/x")) {
            assertThat(server.waitForExit(Duration.ofSeconds(10))).isTrue();

            String output = server.output();
            assertThat(output).contains("GatheRing could not start: invalid database URL 'mysql://root:***@db/x'");
            assertThat(output).doesNotContain("hunter2", "\tat ");
        }
    }
}
