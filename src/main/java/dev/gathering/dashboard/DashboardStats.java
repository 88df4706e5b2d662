package dev.gathering.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;

/** The aggregates of {@code GET /dashboard/stats} and of the overview page. */
public record DashboardStats(long agents, long busyAgents, long providers, long models, long circles,
                             long runningCircles, long circleTasks, long tasksCompleted, long reviewsDone) {

    public long idleAgents() {
        return agents - busyAgents;
    }

    /** The upstream JSON: {@code agents{total,active,busy,idle}, providers{total}, models{total}, circles{…}, activity{…}}. */
    Map<String, Object> asMap() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("agents", ordered("total", agents, "active", agents, "busy", busyAgents, "idle", idleAgents()));
        answer.put("providers", ordered("total", providers));
        answer.put("models", ordered("total", models));
        answer.put("circles", ordered("total", circles, "active", runningCircles, "total_tasks", circleTasks));
        answer.put("activity", ordered("tasks_completed", tasksCompleted, "reviews_done", reviewsDone));
        return answer;
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
