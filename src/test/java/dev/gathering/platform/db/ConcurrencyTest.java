package dev.gathering.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.zaxxer.hikari.HikariDataSource;
import dev.gathering.support.Api;
import dev.gathering.support.IntegrationTest;
import dev.gathering.support.RawHttpConnection;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Nothing serialises requests. 100 concurrent requests whose handler holds a pooled connection for 10 ms can
 * finish no sooner than the pool allows: ceil(100 / pool max) waves of 10 ms. They must finish within 1.3 times
 * that, plus what the same 100 requests cost when they hold the connection for 0 ms (HTTP, auth, rate limit and
 * the query round trip, which on a 2-core machine shared by client, server and PostgreSQL do not vanish). A
 * server that serialised the work anywhere would take about 100 x 10 ms. The undiluted ratio is measured by
 * {@code bench/concurrency.sh}.
 */
class ConcurrencyTest extends IntegrationTest {

    private static final int REQUESTS = 100;
    private static final int HOLD_MS = 10;

    @Autowired
    HikariDataSource pool;

    record Measurement(long poolBoundMs, long floorMs, long heldMs, long medianHeldMs) {
    }

    @Test
    void aHundredConcurrentDatabaseRequestsFinishWithinThePoolBound() throws Exception {
        Measurement measured = measure(20, 5);

        assertThat(measured.heldMs())
                .as("%d requests holding a connection %d ms: pool %d gives a bound of %d ms; the same requests "
                        + "holding it 0 ms take %d ms", REQUESTS, HOLD_MS, pool.getMaximumPoolSize(),
                        measured.poolBoundMs(), measured.floorMs())
                .isLessThanOrEqualTo((long) (1.3 * measured.poolBoundMs()) + measured.floorMs())
                .isLessThan(REQUESTS * HOLD_MS / 4);
    }

    /** The undiluted figure, for bench/concurrency.sh: excluded from the normal test run. */
    @Test
    @Tag("bench")
    void benchmark() throws Exception {
        Measurement measured = measure(150, 30);

        System.out.printf("BENCH concurrency: %d requests x %d ms, pool %d: bound %d ms, best %d ms (%.2fx), "
                        + "median %d ms (%.2fx); same requests holding 0 ms: best %d ms%n",
                REQUESTS, HOLD_MS, pool.getMaximumPoolSize(), measured.poolBoundMs(), measured.heldMs(),
                (double) measured.heldMs() / measured.poolBoundMs(), measured.medianHeldMs(),
                (double) measured.medianHeldMs() / measured.poolBoundMs(), measured.floorMs());
    }

    private Measurement measure(int warmUpRounds, int measuredRounds) throws Exception {
        String token = "Bearer " + admin().token();
        List<RawHttpConnection> connections = new ArrayList<>();
        List<String> clients = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            connections.add(new RawHttpConnection("127.0.0.1", port));
            clients.add(Api.randomClientIp());
        }
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int warmUp = 0; warmUp < warmUpRounds; warmUp++) {
                if (warmUp % 40 == 39) {
                    clients.replaceAll(client -> Api.randomClientIp()); // stay under the READ limit per client
                }
                round(executor, connections, clients, token, 0);
                round(executor, connections, clients, token, HOLD_MS);
            }
            clients.replaceAll(client -> Api.randomClientIp());
            long floor = Long.MAX_VALUE;
            List<Long> held = new ArrayList<>();
            for (int attempt = 0; attempt < measuredRounds; attempt++) {
                floor = Math.min(floor, round(executor, connections, clients, token, 0));
                held.add(round(executor, connections, clients, token, HOLD_MS));
            }
            held.sort(null);
            long poolBound = (long) Math.ceil((double) REQUESTS / pool.getMaximumPoolSize()) * HOLD_MS;
            return new Measurement(poolBound, floor, held.getFirst(), held.get(held.size() / 2));
        } finally {
            for (RawHttpConnection connection : connections) {
                connection.close();
            }
        }
    }

    /** Sends the requests at once on kept-alive connections; returns the milliseconds until the last answer. */
    private static long round(java.util.concurrent.ExecutorService executor, List<RawHttpConnection> connections,
                              List<String> clients, String token, int holdMs) throws Exception {
        List<Future<Integer>> calls = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < REQUESTS; i++) {
            RawHttpConnection connection = connections.get(i);
            Map<String, String> headers = Map.of("Authorization", token, "X-Forwarded-For", clients.get(i));
            Callable<Integer> call = () -> connection.get("/test/hold-connection?ms=" + holdMs, headers);
            calls.add(executor.submit(call));
        }
        for (Future<Integer> call : calls) {
            assertThat(call.get()).isEqualTo(200);
        }
        return (System.nanoTime() - started) / 1_000_000;
    }
}
