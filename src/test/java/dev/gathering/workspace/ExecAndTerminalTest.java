package dev.gathering.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import dev.gathering.support.Api;
import dev.gathering.support.IntegrationTest;
import dev.gathering.support.TestDatabases;
import dev.gathering.support.TestRepos;
import dev.gathering.support.TestServer;
import dev.gathering.support.TestWebSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Programs and shells in a project folder, on a server started with GATHERING_WORKSPACE_EXEC=true. */
class ExecAndTerminalTest {

    static TestServer server;
    static Path allowed;
    static Path folder;
    static long projectId;

    @BeforeAll
    static void start() throws Exception {
        allowed = Files.createTempDirectory("exec-allowed").toRealPath();
        server = TestServer.on(TestDatabases.create()).set("gathering.workspace.exec", "true")
                .set("gathering.workspace.allowed", allowed.toString()).set("gathering.workspace.exec-timeout", "5s")
                // sh reads no ~/.bashrc: the test does not depend on this machine's shell start-up files
                .set("gathering.workspace.terminal-shell", "/bin/sh")
                .start();
        folder = TestRepos.create(allowed.resolve("tools"), Map.of("hello.py", "import sys\nprint('hi from', sys.argv[0])\n"));
        Api.Response created = admin().post("/projects", Map.of("name", "tools", "path", folder.toString()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        projectId = created.json().get("id").asLong();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Api admin() {
        return server.api().login(IntegrationTest.ADMIN_EMAIL, IntegrationTest.ADMIN_PASSWORD);
    }

    @Test
    void pythonRunsInTheProjectFolderWithoutTheServersEnvironment() {
        Api admin = admin();
        Api.Response run = admin.post("/workspace/" + projectId + "/run-python",
                Map.of("code", "import os\nprint(os.getcwd())\nprint(sorted(os.environ))"));
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        assertThat(run.json().get("exit_code").asInt()).isZero();
        String[] lines = run.json().get("stdout").asString().split("\n");
        assertThat(lines[0]).isEqualTo(folder.toString());
        Api.Response env = admin.post("/workspace/" + projectId + "/run", Map.of("command", List.of("/usr/bin/env")));
        List<String> names = env.json().get("stdout").asString().lines().map(line -> line.substring(0, line.indexOf('='))).toList();
        assertThat(names).containsExactlyInAnyOrder("PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "PWD", "TMPDIR",
                "PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE");
        assertThat(System.getenv().keySet()).as("the server has variables of its own that must not leak").isNotEmpty()
                .anyMatch(name -> !names.contains(name));
        assertThat(run.json().get("execution_time").asDouble()).isPositive();

        Api.Response script = admin.post("/workspace/" + projectId + "/run-python", Map.of("file_path", "hello.py"));
        assertThat(script.json().get("stdout").asString()).startsWith("hi from " + folder.resolve("hello.py"));
        Api.Response failing = admin.post("/workspace/" + projectId + "/run-python", Map.of("code", "raise SystemExit(3)"));
        assertThat(failing.json().get("exit_code").asInt()).isEqualTo(3);
        assertThat(admin.post("/workspace/" + projectId + "/run-python", Map.of("file_path", "../etc/passwd")).status())
                .isEqualTo(403);

        Api.Response timeout = admin.post("/workspace/" + projectId + "/run-python", Map.of("code", "import time\ntime.sleep(30)"));
        assertThat(timeout.status()).as(timeout.toString()).isEqualTo(408);
        Api.Response big = admin.post("/workspace/" + projectId + "/run-python", Map.of("code", "print('x' * 300000)"));
        assertThat(big.json().get("stdout").asString()).hasSize(100 * 1024);
        assertThat(big.json().get("stdout_truncated").asBoolean()).isTrue();

        Api.Response command = admin.post("/workspace/" + projectId + "/run", Map.of("command", List.of("git", "--version")));
        if (command.status() == 400) {
            command = admin.post("/workspace/" + projectId + "/run", Map.of("command", List.of("ls", "-a")));
            assertThat(command.json().get("stdout").asString()).contains("hello.py");
        } else {
            assertThat(command.json().get("stdout").asString()).startsWith("git version");
        }
        Api.Response noShell = admin.post("/workspace/" + projectId + "/run", Map.of("command", List.of("echo", "$HOME; ls")));
        assertThat(noShell.json().get("stdout").asString()).isEqualTo("$HOME; ls\n");
        JsonNode feed = admin.get("/workspace/" + projectId + "/activities?activity_type=command_executed").json();
        assertThat(feed.get("total").asLong()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void onlyAdminsRunPrograms() {
        Api anonymous = server.api();
        anonymous.post("/auth/register", Map.of("email", "runner@example.com", "password", "runner-password-1", "name", "R"));
        Api member = anonymous.login("runner@example.com", "runner-password-1");
        Api.Response refused = member.post("/workspace/" + projectId + "/run-python", Map.of("code", "print(1)"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asString()).isEqualTo("Only admins may run programs in project folders");
        assertThatThrownBy(() -> TestWebSocket.connect(member, "/ws/terminal/" + projectId, member.token()))
                .isInstanceOfSatisfying(TestWebSocket.Refused.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> TestWebSocket.connect(anonymous, "/ws/terminal/" + projectId, null))
                .isInstanceOfSatisfying(TestWebSocket.Refused.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void theTerminalIsARealPseudoTerminalInTheProjectFolder() throws Exception {
        Api admin = admin();
        try (Shell shell = Shell.open(admin, projectId)) {
            shell.send("{\"type\": \"resize\", \"rows\": 40, \"cols\": 100}");
            shell.send("{\"type\": \"input\", \"data\": \"pwd; stty size; tty\\n\"}");
            shell.await(folder.toString());
            shell.await("40 100");
            shell.await("/dev/pts/");
            shell.send("{\"type\": \"input\", \"data\": \"echo $GATHERING_WORKSPACE_EXEC-$TERM\\n\"}");
            shell.await("-xterm-256color");

            try (Shell second = Shell.open(admin, projectId); Shell third = Shell.open(admin, projectId)) {
                assertThatThrownBy(() -> Shell.open(admin, projectId)).hasMessageContaining("429");
                assertThat(second.output()).isNotNull();
                assertThat(third.output()).isNotNull();
            }
            shell.send("{\"type\": \"input\", \"data\": \"exit\\n\"}");
            assertThat(shell.closed().get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1000);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (Shell again = Shell.open(admin, projectId)) {
                again.send("{\"type\": \"input\", \"data\": \"echo ready\\n\"}");
                again.await("ready");
            }
        });
    }

    /** A WebSocket client for raw terminal text. */
    static final class Shell implements AutoCloseable {
        private final WebSocket socket;
        private final StringBuffer output;
        private final CompletableFuture<Integer> closed;

        private Shell(WebSocket socket, StringBuffer output, CompletableFuture<Integer> closed) {
            this.socket = socket;
            this.output = output;
            this.closed = closed;
        }

        static Shell open(Api api, long projectId) throws InterruptedException {
            StringBuffer output = new StringBuffer();
            CompletableFuture<Integer> closed = new CompletableFuture<>();
            try {
                WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                        .header("X-Forwarded-For", api.clientIp())
                        .buildAsync(URI.create(api.baseUrl().replaceFirst("^http", "ws") + "/ws/terminal/" + projectId
                                + "?token=" + api.token()), new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                                output.append(data);
                                webSocket.request(1);
                                return null;
                            }

                            @Override
                            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                                closed.complete(statusCode);
                                return null;
                            }
                        }).get();
                return new Shell(socket, output, closed);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof java.net.http.WebSocketHandshakeException refused) {
                    throw new IllegalStateException("handshake refused: " + refused.getResponse().statusCode(), refused);
                }
                throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
            }
        }

        void send(String frame) {
            socket.sendText(frame, true).join();
        }

        void await(String text) {
            org.awaitility.Awaitility.await("terminal output containing '" + text + "'").atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(output.toString()).contains(text));
        }

        String output() {
            return output.toString();
        }

        CompletableFuture<Integer> closed() {
            return closed;
        }

        @Override
        public void close() {
            if (!socket.isOutputClosed()) {
                // the server may be closing it at the same moment (the shell exited): either way it ends
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(error -> null).join();
            }
        }
    }
}
