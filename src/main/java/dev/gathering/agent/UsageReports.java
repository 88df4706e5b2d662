package dev.gathering.agent;

import dev.gathering.platform.security.AuthenticatedUser;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/** Tokens and cost per day (UTC), for charts: one statement, every day of the period present (zeros included). */
@Component
public class UsageReports {

    public record Day(String day, long messages, long tokensIn, long tokensOut, BigDecimal costUsd) {
        public long tokens() {
            return tokensIn + tokensOut;
        }
    }

    /** Tokens in and out per day, as a chart. */
    public static dev.gathering.platform.ui.Chart tokenChart(List<Day> days) {
        return new dev.gathering.platform.ui.Chart(days.stream().map(Day::day).toList(), List.of(
                new dev.gathering.platform.ui.Chart.Series("Tokens in", days.stream().map(Day::tokensIn).toList()),
                new dev.gathering.platform.ui.Chart.Series("Tokens out", days.stream().map(Day::tokensOut).toList())),
                "tokens", "bars");
    }

    /** Cost per day in USD, as a chart. */
    public static dev.gathering.platform.ui.Chart costChart(List<Day> days) {
        return new dev.gathering.platform.ui.Chart(days.stream().map(Day::day).toList(), List.of(
                new dev.gathering.platform.ui.Chart.Series("Cost (USD)", days.stream().map(Day::costUsd).toList())),
                "usd", "lines");
    }

    private final ChatHistoryRepository history;

    UsageReports(ChatHistoryRepository history) {
        this.history = history;
    }

    /**
     * The last {@code days} days, oldest first; {@code agentId} null for every agent. Usage is per user: an admin sees
     * everyone's, others their own.
     */
    public List<Day> daily(Long agentId, int days, AuthenticatedUser viewer) {
        Map<String, Day> byDay = new LinkedHashMap<>();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (int i = days - 1; i >= 0; i--) {
            String day = today.minusDays(i).toString();
            byDay.put(day, new Day(day, 0, 0, 0, BigDecimal.ZERO));
        }
        for (ChatHistoryRepository.UsageLine line : history.usageLines(agentId, viewer.isAdmin() ? null : viewer.id(), days)) {
            Day known = byDay.get(line.day());
            if (known != null) {
                byDay.put(line.day(), new Day(line.day(), known.messages() + line.messages(),
                        known.tokensIn() + line.tokensIn(), known.tokensOut() + line.tokensOut(),
                        known.costUsd().add(line.costUsd())));
            }
        }
        return new ArrayList<>(byDay.values());
    }
}
