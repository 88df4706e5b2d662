package dev.gathering.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.gathering.GatheringApplication;

/**
 * GatheRing in a separate JVM (the test classpath, so test-only endpoints exist): for what only a real process
 * shows, such as a start-up failure's output or the reaction to SIGTERM.
 */
public final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final Path output;
    private final int port;

    private ServerProcess(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
    }

    public static ServerProcess start(String... arguments) {
        try {
            int port = freePort();
            Path output = Files.createTempFile("gathering-server", ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"),
                    GatheringApplication.class.getName(),
                    "--server.port=" + port,
                    "--gathering.auth.admin-email=" + IntegrationTest.ADMIN_EMAIL,
                    "--gathering.auth.admin-password=" + IntegrationTest.ADMIN_PASSWORD,
                    "--gathering.auth.bcrypt-strength=4"));
            if (java.util.Arrays.stream(arguments).noneMatch(argument -> argument.startsWith("--gathering.home="))) {
                command.add("--gathering.home=" + TestHomes.create());
            }
            command.addAll(List.of(arguments));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            return new ServerProcess(process, output, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Api api() {
        return new Api("http://localhost:" + port);
    }

    public Process process() {
        return process;
    }

    public String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean waitForExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the server as an operator would (SIGTERM), so that an embedded PostgreSQL is stopped too. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
