package dev.gathering.workspace;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.gathering.platform.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Runs a program in a project folder: no shell (the command is an argument list), stdin closed, an environment
 * built from scratch (PATH, HOME, locale; none of the server's variables, so no key or secret leaks), output capped
 * per stream, and the whole process tree killed at the timeout.
 */
@Component
class CommandRunner {

    /** The result of a run; {@code execution_time} in seconds. */
    record Result(List<String> command, String stdout, String stderr, int exitCode, double executionTime,
                  boolean stdoutTruncated, boolean stderrTruncated) {
    }

    private final WorkspaceProperties properties;

    CommandRunner(WorkspaceProperties properties) {
        this.properties = properties;
    }

    /** The environment of programs run for users (also the terminal's, with TERM set). */
    static Map<String, String> environment(Path directory) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        env.put("HOME", System.getProperty("user.home"));
        env.put("USER", System.getProperty("user.name"));
        env.put("LOGNAME", System.getProperty("user.name"));
        env.put("LANG", "C.UTF-8");
        env.put("LC_ALL", "C.UTF-8");
        env.put("PWD", directory.toString());
        env.put("TMPDIR", System.getProperty("java.io.tmpdir"));
        env.put("PYTHONUNBUFFERED", "1");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        return env;
    }

    Result run(Path directory, List<String> command, Duration timeout, Map<String, String> extraEnvironment) {
        if (command.isEmpty() || command.getFirst().isBlank()) {
            throw ApiException.unprocessable("command must name a program");
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().clear();
        builder.environment().putAll(environment(directory));
        builder.environment().putAll(extraEnvironment);
        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw ApiException.badRequest("Cannot run " + command.getFirst() + ": " + e.getMessage());
        }
        int cap = (int) Math.min(Integer.MAX_VALUE, properties.execOutputMax().toBytes());
        Capture stdout = new Capture(process.getInputStream(), cap);
        Capture stderr = new Capture(process.getErrorStream(), cap);
        Thread out = Thread.ofVirtual().name("run-stdout").start(stdout);
        Thread err = Thread.ofVirtual().name("run-stderr").start(stderr);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new ApiException(HttpStatus.REQUEST_TIMEOUT, "The command ran longer than " + timeout.toSeconds()
                        + " s and was stopped").with("stdout", stdout.text()).with("stderr", stderr.text());
            }
            out.join(Duration.ofSeconds(5));
            err.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw ApiException.serviceUnavailable("The run was interrupted (the server is stopping)", Duration.ofSeconds(5));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Result(List.copyOf(command), stdout.text(), stderr.text(), process.exitValue(),
                Math.round(seconds * 1000) / 1000.0, stdout.truncated, stderr.truncated);
    }

    /** The Python of the project's virtual environment when it has one, else python3 from PATH. */
    static String python(ProjectFolder folder) {
        if (folder.venvPath() != null) {
            Path candidate = Path.of(folder.venvPath()).resolve("bin").resolve("python");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return "python3";
    }

    static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Reads a stream to its end, keeping the first {@code cap} bytes. */
    private static final class Capture implements Runnable {
        private final InputStream in;
        private final int cap;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private volatile boolean truncated;

        Capture(InputStream in, int cap) {
            this.in = in;
            this.cap = cap;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try (in) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    synchronized (kept) {
                        int room = cap - kept.size();
                        if (room > 0) {
                            kept.write(buffer, 0, Math.min(room, read));
                        }
                        if (read > room) {
                            truncated = true;
                        }
                    }
                }
            } catch (IOException e) {
                // the process was killed
            }
        }

        String text() {
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
