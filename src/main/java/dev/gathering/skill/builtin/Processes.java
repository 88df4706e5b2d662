package dev.gathering.skill.builtin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.gathering.skill.ToolFailure;

/**
 * Runs a program for the shell and code skills: no shell in between, a clean environment (nothing of the server's,
 * whose variables hold its secrets), a working directory, a time limit after which the process and its children are
 * killed, and output capped on both streams.
 */
final class Processes {

    record Result(int exitCode, String stdout, String stderr, boolean timedOut, boolean truncated, long durationMs) {

        Map<String, Object> view() {
            var map = new java.util.LinkedHashMap<String, Object>();
            map.put("exit_code", exitCode);
            map.put("stdout", stdout);
            map.put("stderr", stderr);
            map.put("duration_ms", durationMs);
            if (timedOut) {
                map.put("timed_out", true);
            }
            if (truncated) {
                map.put("truncated", true);
            }
            return map;
        }
    }

    private Processes() {
    }

    static Result run(List<String> command, Path directory, String stdin, Duration timeout, int maxChars) {
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        environment.put("HOME", directory.toString());
        environment.put("LANG", "C.UTF-8");
        environment.put("TMPDIR", directory.toString());
        environment.put("PYTHONDONTWRITEBYTECODE", "1");
        Process process;
        try {
            Files.createDirectories(directory);
            process = builder.start();
        } catch (IOException e) {
            throw new ToolFailure("Could not start " + command.getFirst() + ": " + e.getMessage());
        }
        CompletableFuture<Capped> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream(), maxChars),
                Thread::startVirtualThread);
        CompletableFuture<Capped> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream(), maxChars),
                Thread::startVirtualThread);
        try (OutputStream input = process.getOutputStream()) {
            if (stdin != null) {
                input.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException ignored) {
            // the program closed its input early: its output says why
        }
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new ToolFailure("interrupted");
        }
        if (!finished) {
            kill(process);
        }
        Capped stdout = out.join();
        Capped stderr = err.join();
        return new Result(finished ? process.exitValue() : -1, stdout.text(), stderr.text(), !finished,
                stdout.truncated() || stderr.truncated(), (System.nanoTime() - started) / 1_000_000);
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Capped(String text, boolean truncated) {
    }

    private static Capped read(InputStream stream, int maxChars) {
        StringBuilder text = new StringBuilder();
        boolean truncated = false;
        byte[] buffer = new byte[8192];
        try (stream) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            for (int n; (n = stream.read(buffer)) != -1; ) {
                if (bytes.size() < maxChars * 4) {
                    bytes.write(buffer, 0, Math.min(n, maxChars * 4 - bytes.size()));
                } else {
                    truncated = true;
                }
            }
            text.append(bytes.toString(StandardCharsets.UTF_8));
        } catch (IOException ignored) {
            // the process was killed
        }
        if (text.length() > maxChars) {
            text.setLength(maxChars);
            truncated = true;
        }
        return new Capped(text.toString(), truncated);
    }
}
