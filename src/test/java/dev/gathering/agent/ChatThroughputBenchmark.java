package dev.gathering.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import dev.gathering.support.Api;
import dev.gathering.support.FakeLlmServer;
import dev.gathering.support.Fixtures;
import dev.gathering.support.IntegrationTest;
import dev.gathering.support.RawHttpConnection;
import dev.gathering.support.TestDatabases;
import dev.gathering.support.TestServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Chat requests/s and latency at 64 concurrent clients against a provider that answers in 50 ms, next to the
 * ideal 64 / 0.05 s. Each client chats with its own agent (an agent answers one message at a time). Rate limits are
 * raised so that they are not what is measured. Run by bench/chat.sh (tagged "bench", excluded from the test suite).
 */
@Tag("bench")
class ChatThroughputBenchmark {

    static final int CLIENTS = 64;
    static final Duration PROVIDER_DELAY = Duration.ofMillis(50);

    @Test
    void chatThroughput() throws Exception {
        try (FakeLlmServer llm = new FakeLlmServer().byDefault(FakeLlmServer.Reply.text("benchmark answer").after(PROVIDER_DELAY));
             TestServer server = TestServer.on(TestDatabases.create())
                     .set("gathering.rate-limit.write", "100000000").set("gathering.rate-limit.auth", "1000")
                     .set("gathering.rate-limit.read", "100000000").set("logging.level.root", "warn").start()) {
            Api admin = server.api().login(IntegrationTest.ADMIN_EMAIL, IntegrationTest.ADMIN_PASSWORD);
            String provider = Fixtures.provider(admin, "openai", llm.url() + "/v1");
            List<Long> agents = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                agents.add(Fixtures.agent(admin, "Bench " + i, provider, "gpt-bench", Map.of("auto_remember", false)));
            }
            String token = "Bearer " + admin.token();
            int port = Integer.parseInt(server.baseUrl().substring(server.baseUrl().lastIndexOf(':') + 1));

            run(port, token, agents, Duration.ofSeconds(15), false);
            long[] latencies = run(port, token, agents, Duration.ofSeconds(20), true);

            Arrays.sort(latencies);
            double perSecond = latencies.length / 20.0;
            double ideal = CLIENTS / (PROVIDER_DELAY.toMillis() / 1000.0);
            System.out.printf("BENCH chat: %d clients, provider %d ms: %.0f chats/s (ideal %.0f, %.1f%%), p50 %.1f ms, p99 %.1f ms%n",
                    CLIENTS, PROVIDER_DELAY.toMillis(), perSecond, ideal, 100 * perSecond / ideal,
                    latencies[latencies.length / 2] / 1e6, latencies[(int) (latencies.length * 0.99)] / 1e6);
        }
    }

    private static long[] run(int port, String token, List<Long> agents, Duration length, boolean measure) throws Exception {
        long end = System.nanoTime() + length.toNanos();
        AtomicLong failures = new AtomicLong();
        List<Future<long[]>> workers = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long agent : agents) {
                workers.add(executor.submit(() -> {
                    long[] samples = new long[4096];
                    int count = 0;
                    try (RawHttpConnection connection = new RawHttpConnection("127.0.0.1", port)) {
                        Map<String, String> headers = Map.of("Authorization", token);
                        while (System.nanoTime() < end) {
                            long started = System.nanoTime();
                            int status = connection.postJson("/agents/" + agent + "/chat", headers,
                                    "{\"message\":\"ping\",\"include_memories\":false}");
                            if (status != 200) {
                                failures.incrementAndGet();
                            }
                            if (count == samples.length) {
                                samples = Arrays.copyOf(samples, count * 2);
                            }
                            samples[count++] = System.nanoTime() - started;
                        }
                    }
                    return Arrays.copyOf(samples, count);
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<long[]> worker : workers) {
                for (long sample : worker.get()) {
                    all.add(sample);
                }
            }
            if (measure && failures.get() > 0) {
                System.out.println("BENCH chat: " + failures.get() + " non-200 answers");
            }
            return all.stream().mapToLong(Long::longValue).toArray();
        }
    }
}
