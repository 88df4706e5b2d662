package dev.gathering.dashboard;

import java.util.List;

import dev.gathering.agent.UsageReports;
import dev.gathering.circle.CircleService;
import dev.gathering.platform.ui.Chart;

/** The overview's charts. */
final class Charts {

    private Charts() {
    }

    static Chart throughput(List<CircleService.Throughput> days) {
        return new Chart(days.stream().map(CircleService.Throughput::day).toList(), List.of(
                new Chart.Series("Completed", days.stream().map(CircleService.Throughput::completed).toList()),
                new Chart.Series("Failed", days.stream().map(CircleService.Throughput::failed).toList())), "tasks", "bars");
    }
}
