package dev.gathering.memory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load for the memory routes, over HTTP with a bearer token.
 *
 *   java bench/src/main/java/dev/gathering/memory/MemoryLoad.java ingest <base-url> <token> <agent-id> <count> <batch> <concurrency>
 *   java bench/src/main/java/dev/gathering/memory/MemoryLoad.java recall <base-url> <token> <agent-id> <concurrency> <warmup-seconds> <seconds>
 *
 * ingest sends generated memories through POST /memories/agents/{id}/remember/batch and prints memories/s (embedded
 * and stored: the route answers once both are done) with batch latency percentiles; recall sends generated questions
 * to POST /memories/agents/{id}/recall (limit 10) in a closed loop and prints requests/s with latency percentiles.
 */
public class MemoryLoad {

    static final String[] QUESTIONS = {"Which system is going away at the end of the year?", "What breaks when storage runs out?",
            "Who gets woken up when errors pile up?", "Where are passwords kept?", "What was ported to a new language?",
            "Which component is slow when traffic is high?", "Who wants reviews in another language?",
            "What moved to a different data centre?", "What sends reports at the start of the week?",
            "Which service lacks test coverage?", "What is under a security review?", "Where does configuration come from?"};

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        String base = args[1];
        String token = args[2];
        long agent = Long.parseLong(args[3]);
        if (args[0].equals("ingest")) {
            ingest(base, token, agent, Integer.parseInt(args[4]), Integer.parseInt(args[5]), Integer.parseInt(args[6]));
        } else {
            recall(base, token, agent, Integer.parseInt(args[4]), Integer.parseInt(args[5]), Integer.parseInt(args[6]));
        }
    }

    static void ingest(String base, String token, long agent, int count, int batch, int concurrency) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong failures = new AtomicLong();
        long started = System.nanoTime();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                int worker = w;
                workers.add(pool.submit(() -> {
                    Random random = new Random(1000 + worker);
                    while (true) {
                        int first = next.getAndAdd(batch);
                        if (first >= count) {
                            return null;
                        }
                        StringBuilder body = new StringBuilder("{\"memories\":[");
                        for (int i = first; i < Math.min(count, first + batch); i++) {
                            if (i > first) {
                                body.append(',');
                            }
                            body.append("{\"content\":\"").append(BenchSentences.sentence(random)).append("\",\"memory_type\":\"")
                                    .append(i % 2 == 0 ? "fact" : "decision").append("\"}");
                        }
                        body.append("]}");
                        long t = System.nanoTime();
                        HttpResponse<String> response = HTTP.send(post(base + "/memories/agents/" + agent + "/remember/batch",
                                token, body.toString()), HttpResponse.BodyHandlers.ofString());
                        latencies.add(System.nanoTime() - t);
                        if (response.statusCode() != 200) {
                            failures.incrementAndGet();
                            System.err.println("batch failed: " + response.statusCode() + " " + response.body());
                        }
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("memories=%d seconds=%.1f memories_per_second=%.0f batch=%d concurrency=%d batch_p50_ms=%.0f "
                        + "batch_p99_ms=%.0f failures=%d%n", count, seconds, count / seconds, batch, concurrency,
                sorted[sorted.length / 2] / 1e6, sorted[Math.min(sorted.length - 1, sorted.length * 99 / 100)] / 1e6, failures.get());
    }

    static void recall(String base, String token, long agent, int concurrency, int warmup, int seconds) throws Exception {
        long start = System.nanoTime();
        long measureFrom = start + warmup * 1_000_000_000L;
        long end = measureFrom + seconds * 1_000_000_000L;
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong failures = new AtomicLong();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                int worker = w;
                workers.add(pool.submit(() -> {
                    Random random = new Random(worker);
                    while (System.nanoTime() < end) {
                        // distinct questions, so that the embedding cache does not answer for the model
                        String question = QUESTIONS[random.nextInt(QUESTIONS.length)] + " (" + random.nextInt(1_000_000) + ")";
                        long t = System.nanoTime();
                        HttpResponse<String> response = HTTP.send(post(base + "/memories/agents/" + agent + "/recall", token,
                                "{\"query\":\"" + question + "\",\"limit\":10,\"threshold\":0}"), HttpResponse.BodyHandlers.ofString());
                        long done = System.nanoTime();
                        if (t >= measureFrom && done <= end) {
                            latencies.add(done - t);
                            if (response.statusCode() != 200) {
                                failures.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("requests_per_second=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f concurrency=%d failures=%d%n",
                sorted.length / (double) seconds, sorted[sorted.length / 2] / 1e6,
                sorted[Math.min(sorted.length - 1, sorted.length * 99 / 100)] / 1e6, sorted[sorted.length - 1] / 1e6,
                concurrency, failures.get());
    }


    static HttpRequest post(String url, String token, String body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
