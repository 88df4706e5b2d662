import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop HTTP load generator with next to no per-request cost: N virtual threads, each on its own kept-alive
 * connection, send GET requests back to back for a warm-up period and then a measured period.
 *
 *   java bench/LoadClient.java <url> <concurrency> <warmup-seconds> <seconds> [bearer-token]
 *
 * Prints one line: requests/s, p50, p99 and max latency in milliseconds, and the number of non-200 answers.
 */
public class LoadClient {

    public static void main(String[] args) throws Exception {
        java.net.URI url = java.net.URI.create(args[0]);
        int concurrency = Integer.parseInt(args[1]);
        long warmupNanos = Long.parseLong(args[2]) * 1_000_000_000L;
        long measureNanos = Long.parseLong(args[3]) * 1_000_000_000L;
        String token = args.length > 4 ? args[4] : null;
        String request = "GET " + url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery())
                + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort() + "\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n";
        byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);

        long start = System.nanoTime();
        long measureFrom = start + warmupNanos;
        long end = measureFrom + measureNanos;
        AtomicLong failures = new AtomicLong();
        List<Future<long[]>> workers = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < concurrency; i++) {
                workers.add(executor.submit(() -> run(url, bytes, measureFrom, end, failures)));
            }
            long total = 0;
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> worker : workers) {
                long[] latencies = worker.get();
                all.add(latencies);
                total += latencies.length;
            }
            long[] merged = new long[(int) total];
            int offset = 0;
            for (long[] latencies : all) {
                System.arraycopy(latencies, 0, merged, offset, latencies.length);
                offset += latencies.length;
            }
            Arrays.sort(merged);
            double seconds = measureNanos / 1e9;
            System.out.printf("requests_per_second=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f requests=%d non_200=%d%n",
                    merged.length / seconds, percentile(merged, 0.50), percentile(merged, 0.99),
                    merged.length == 0 ? 0 : merged[merged.length - 1] / 1e6, merged.length, failures.get());
        }
    }

    private static long[] run(java.net.URI url, byte[] request, long measureFrom, long end, AtomicLong failures)
            throws IOException {
        long[] latencies = new long[1 << 16];
        int count = 0;
        while (System.nanoTime() < end) {
            try (Socket socket = new Socket(url.getHost(), url.getPort())) {
                socket.setTcpNoDelay(true);
                OutputStream out = socket.getOutputStream();
                InputStream in = new BufferedInputStream(socket.getInputStream());
                while (true) {
                    long sent = System.nanoTime();
                    if (sent >= end) {
                        break;
                    }
                    out.write(request);
                    out.flush();
                    int status = readResponse(in);
                    long received = System.nanoTime();
                    if (sent >= measureFrom) {
                        if (status != 200) {
                            failures.incrementAndGet();
                        }
                        if (count == latencies.length) {
                            latencies = Arrays.copyOf(latencies, count * 2);
                        }
                        latencies[count++] = received - sent;
                    }
                }
            } catch (EOFException e) {
                // the server closed a kept-alive connection: open another
            }
        }
        return Arrays.copyOf(latencies, count);
    }

    private static int readResponse(InputStream in) throws IOException {
        int status = Integer.parseInt(readLine(in).split(" ")[1]);
        long length = 0;
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Long.parseLong(line.substring(15).trim());
            }
        }
        in.skipNBytes(length);
        return status;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException();
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
