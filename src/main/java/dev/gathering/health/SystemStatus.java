package dev.gathering.health;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.sun.management.OperatingSystemMXBean;
import dev.gathering.platform.cache.Caches;
import dev.gathering.platform.config.GatheringHome;
import org.springframework.stereotype.Component;

/**
 * Host readings for {@code /health/system} and {@code /health/checks}, from the JVM's operating-system bean and,
 * on Linux, /proc (available memory, the three load averages, CPU frequency, host uptime).
 */
@Component
class SystemStatus {

    private static final double GB = 1024.0 * 1024 * 1024;

    record Cpu(double percent, int count, Double frequencyMhz) {
    }

    record Memory(double totalGb, double availableGb, double usedGb, double percent) {
    }

    record Disk(double totalGb, double usedGb, double freeGb, double percent) {
    }

    record Jvm(double heapUsedMb, double heapMaxMb, int threads, String version) {
    }

    record Snapshot(Cpu cpu, Memory memory, Disk disk, Map<String, Double> loadAverage, double uptimeSeconds, Jvm jvm) {
    }

    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final FileStore dataStore;
    // readings are reused for a second: probes may poll often, the host does not change that fast
    private final Cache<String, Object> recent;

    SystemStatus(GatheringHome home, Caches caches) {
        this.dataStore = fileStore(home.path());
        this.recent = caches.build("health.system_readings", Caffeine.newBuilder().maximumSize(8)
                .expireAfterWrite(Duration.ofSeconds(1)));
    }

    Snapshot snapshot() {
        return new Snapshot(cpu(), memory(), disk(), loadAverage(), uptimeSeconds(), jvm());
    }

    Cpu cpu() {
        double load = os.getCpuLoad();
        return new Cpu(load < 0 ? 0 : round(load * 100), os.getAvailableProcessors(), cpuFrequency().stream().boxed()
                .findFirst().orElse(null));
    }

    Memory memory() {
        return (Memory) recent.get("memory", key -> readMemory());
    }

    Disk disk() {
        return (Disk) recent.get("disk", key -> readDisk());
    }

    private Memory readMemory() {
        long total = os.getTotalMemorySize();
        long available = procMeminfo("MemAvailable").orElse(os.getFreeMemorySize());
        long used = total - available;
        return new Memory(round(total / GB), round(available / GB), round(used / GB), round(100.0 * used / total));
    }

    private Disk readDisk() {
        if (dataStore == null) {
            return new Disk(0, 0, 0, 0);
        }
        try {
            long total = dataStore.getTotalSpace();
            long free = dataStore.getUsableSpace();
            long used = total - free;
            return new Disk(round(total / GB), round(used / GB), round(free / GB), total == 0 ? 0 : round(100.0 * used / total));
        } catch (IOException e) {
            return new Disk(0, 0, 0, 0);
        }
    }

    private static FileStore fileStore(Path home) {
        try {
            return Files.getFileStore(Files.exists(home) ? home : Path.of(System.getProperty("user.home")));
        } catch (IOException e) {
            return null;
        }
    }

    private Map<String, Double> loadAverage() {
        Map<String, Double> averages = new LinkedHashMap<>();
        List<String> fields = readFirstLine("/proc/loadavg").map(line -> List.of(line.split("\\s+"))).orElse(List.of());
        if (fields.size() >= 3) {
            averages.put("1min", Double.parseDouble(fields.get(0)));
            averages.put("5min", Double.parseDouble(fields.get(1)));
            averages.put("15min", Double.parseDouble(fields.get(2)));
        } else {
            double one = os.getSystemLoadAverage();
            averages.put("1min", one < 0 ? null : round(one));
            averages.put("5min", null);
            averages.put("15min", null);
        }
        return averages;
    }

    private double uptimeSeconds() {
        return readFirstLine("/proc/uptime").map(line -> Double.parseDouble(line.split("\\s+")[0]))
                .orElse(ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
    }

    private Jvm jvm() {
        Runtime runtime = Runtime.getRuntime();
        double used = (runtime.totalMemory() - runtime.freeMemory()) / 1024.0 / 1024.0;
        return new Jvm(round(used), round(runtime.maxMemory() / 1024.0 / 1024.0),
                ManagementFactory.getThreadMXBean().getThreadCount(), Runtime.version().toString());
    }

    private static OptionalDouble cpuFrequency() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("cpu MHz"))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(':') + 1).trim()))
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return OptionalDouble.empty();
        }
    }

    private static java.util.Optional<Long> procMeminfo(String key) {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(line -> line.startsWith(key + ":"))
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024)
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private static java.util.Optional<String> readFirstLine(String file) {
        try {
            return Files.readAllLines(Path.of(file)).stream().findFirst();
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
