package dev.gathering.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import dev.gathering.platform.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shells behind {@code WS /ws/terminal/{project_id}}: a real pseudo-terminal (pty4j) running the user's shell in the
 * project folder, with the stripped environment of {@link CommandRunner} and {@code TERM=xterm-256color}. Client
 * frames: {@code {"type": "input", "data": "…"}} and {@code {"type": "resize", "rows": R, "cols": C}}; server frames:
 * the raw output text. At most {@code terminals-per-user} sessions per user (reserved before the upgrade); a session
 * ends when the client leaves, the shell exits, after {@code terminal-idle} without input or output, and at shutdown.
 */
@Component
class TerminalSessions extends TextWebSocketHandler implements SmartLifecycle {

    static final String FOLDER = "terminal.folder";
    static final String USER = "terminal.user";
    /** Each terminal holds a platform thread (see {@link #afterConnectionEstablished}): this bounds them. */
    static final int MAX_TERMINALS = 64;
    private static final Logger log = LoggerFactory.getLogger(TerminalSessions.class);

    private record Terminal(WebSocketSession socket, PtyProcess process, String userId, long projectId,
                            java.util.concurrent.atomic.AtomicLong lastActivity) {
    }

    private final WorkspaceProperties properties;
    private final JsonMapper json;
    private final Map<String, Terminal> terminals = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> perUser = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread reaper;

    TerminalSessions(WorkspaceProperties properties, JsonMapper json) {
        this.properties = properties;
        this.json = json;
    }

    /** Holds one of the user's sessions before the upgrade: 429 when all are in use (or the server's). */
    void reserve(String userId) {
        if (terminals.size() >= MAX_TERMINALS) {
            throw ApiException.serviceUnavailable(MAX_TERMINALS + " terminals are open on this server; try again later",
                    Duration.ofSeconds(30));
        }
        AtomicInteger count = perUser.computeIfAbsent(userId, id -> new AtomicInteger());
        if (count.incrementAndGet() > properties.terminalsPerUser()) {
            count.decrementAndGet();
            throw new ApiException(org.springframework.http.HttpStatus.TOO_MANY_REQUESTS, "You already have "
                    + properties.terminalsPerUser() + " terminal sessions open; close one first");
        }
    }

    void release(String userId) {
        perUser.computeIfPresent(userId, (id, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    int open() {
        return terminals.size();
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession raw) throws IOException {
        WebSocketSession socket = new ConcurrentWebSocketSessionDecorator(raw, 10_000, 1024 * 1024);
        ProjectFolder folder = (ProjectFolder) raw.getAttributes().get(FOLDER);
        String userId = (String) raw.getAttributes().get(USER);
        Path directory = PathGuard.realRoot(folder.path());
        Map<String, String> env = CommandRunner.environment(directory);
        env.put("TERM", "xterm-256color");
        String shell = properties.terminalShell().isBlank() ? shell() : properties.terminalShell().strip();
        env.put("SHELL", shell);
        PtyProcess process;
        try {
            process = new PtyProcessBuilder(new String[] {shell, "-i"}).setDirectory(directory.toString())
                    .setEnvironment(env).setInitialColumns(80).setInitialRows(24).setRedirectErrorStream(true).start();
        } catch (IOException | RuntimeException e) {
            release(userId);
            log.warn("Cannot start a terminal for project {}: {}", folder.id(), e.toString());
            raw.close(CloseStatus.SERVER_ERROR.withReason("cannot start a shell"));
            return;
        }
        Terminal terminal = new Terminal(socket, process, userId, folder.id(),
                new java.util.concurrent.atomic.AtomicLong(System.nanoTime()));
        terminals.put(raw.getId(), terminal);
        log.info("Terminal opened in project {} for {} ({} open)", folder.id(), userId, terminals.size());
        // a platform thread: pty4j reads through a native call, which would pin a virtual thread's carrier (with one
        // carrier per core, two idle shells would stall every virtual thread of the server)
        Thread.ofPlatform().daemon().name("terminal-out-" + folder.id()).start(() -> pump(raw.getId(), terminal));
    }

    /** Shell output to the socket, as text (UTF-8 decoded across reads). */
    private void pump(String id, Terminal terminal) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        ByteBuffer bytes = ByteBuffer.allocate(16 * 1024);
        CharBuffer chars = CharBuffer.allocate(16 * 1024);
        byte[] buffer = new byte[8 * 1024];
        try (InputStream out = terminal.process().getInputStream()) {
            int read;
            while ((read = out.read(buffer)) >= 0) {
                terminal.lastActivity().set(System.nanoTime());
                bytes.put(buffer, 0, read).flip();
                decoder.decode(bytes, chars, false);
                bytes.compact();
                chars.flip();
                if (chars.hasRemaining()) {
                    terminal.socket().sendMessage(new TextMessage(chars.toString()));
                }
                chars.clear();
            }
        } catch (IOException | IllegalStateException e) {
            // the socket or the shell went away
        }
        close(id, CloseStatus.NORMAL.withReason("the shell exited"));
    }

    @Override
    protected void handleTextMessage(WebSocketSession raw, TextMessage message) {
        Terminal terminal = terminals.get(raw.getId());
        if (terminal == null) {
            return;
        }
        terminal.lastActivity().set(System.nanoTime());
        JsonNode frame;
        try {
            frame = json.readTree(message.getPayload());
        } catch (JacksonException e) {
            return; // not a control frame: ignored, as upstream
        }
        try {
            switch (frame.path("type").asString("")) {
                case "input" -> {
                    terminal.process().getOutputStream().write(frame.path("data").asString("").getBytes(StandardCharsets.UTF_8));
                    terminal.process().getOutputStream().flush();
                }
                case "resize" -> {
                    int rows = Math.clamp(frame.path("rows").asInt(24), 1, 1000);
                    int cols = Math.clamp(frame.path("cols").asInt(80), 1, 1000);
                    terminal.process().setWinSize(new WinSize(cols, rows));
                }
                default -> {
                    // unknown frame types are ignored
                }
            }
        } catch (IOException | IllegalStateException e) {
            close(raw.getId(), CloseStatus.NORMAL.withReason("the shell exited"));
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        close(session.getId(), status);
    }

    private void close(String id, CloseStatus status) {
        Terminal terminal = terminals.remove(id);
        if (terminal == null) {
            return;
        }
        release(terminal.userId());
        // pty4j's process has no handle of its own: find the shell's by pid to end what it started too
        ProcessHandle.of(terminal.process().pid()).ifPresent(shell -> shell.descendants().forEach(ProcessHandle::destroyForcibly));
        terminal.process().destroyForcibly();
        try {
            if (terminal.socket().isOpen()) {
                terminal.socket().close(status);
            }
        } catch (IOException | IllegalStateException ignored) {
            // already closed
        }
        log.info("Terminal closed in project {} for {}: {}", terminal.projectId(), terminal.userId(),
                status.getReason() == null ? status.getCode() : status.getReason());
    }

    private void reap() {
        long idle = properties.terminalIdle().toNanos();
        Duration period = properties.terminalIdle().dividedBy(3).compareTo(Duration.ofSeconds(30)) < 0
                ? properties.terminalIdle().dividedBy(3) : Duration.ofSeconds(30);
        while (running) {
            try {
                Thread.sleep(Math.max(50, period.toMillis()));
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (var entry : new ArrayList<>(terminals.entrySet())) {
                if (now - entry.getValue().lastActivity().get() > idle) {
                    close(entry.getKey(), new CloseStatus(4000, "closed after " + properties.terminalIdle().toMinutes()
                            + " min without activity"));
                }
            }
        }
    }

    static String shell() {
        for (String candidate : new String[] {"/bin/bash", "/usr/bin/bash", "/bin/sh"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "/bin/sh";
    }

    @Override
    public void start() {
        running = true;
        reaper = Thread.ofVirtual().name("terminal-reaper").start(this::reap);
    }

    /** At shutdown, right after the readiness drain (like the event streams), so that no shell holds it up. */
    @Override
    public void stop() {
        running = false;
        if (reaper != null) {
            reaper.interrupt();
        }
        new ArrayList<>(terminals.keySet()).forEach(id -> close(id, CloseStatus.GOING_AWAY.withReason("server shutting down")));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1;
    }
}
