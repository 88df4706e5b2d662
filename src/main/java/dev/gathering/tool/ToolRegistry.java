package dev.gathering.tool;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.langchain4j.agent.tool.ToolSpecification;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tools agents may call, by name. Execution never throws: an unknown tool, a failure or a timeout becomes an
 * {@code {"error": ...}} result that goes back to the model, as upstream.
 */
@Component
public class ToolRegistry implements DisposableBean {

    public record Outcome(String tool, String arguments, String result, boolean success, long durationMs) {
    }

    private final Map<String, AgentTool> tools = new LinkedHashMap<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final JsonMapper json;

    public ToolRegistry(List<AgentTool> tools, JsonMapper json) {
        this.json = json;
        for (AgentTool tool : tools) {
            this.tools.put(tool.specification().name(), tool);
        }
    }

    public List<ToolSpecification> specifications() {
        return tools.values().stream().map(AgentTool::specification).toList();
    }

    public int size() {
        return tools.size();
    }

    public Outcome execute(String name, String argumentsJson, Duration timeout) {
        long started = System.nanoTime();
        AgentTool tool = tools.get(name);
        if (tool == null) {
            return outcome(name, argumentsJson, error("Unknown tool: " + name), false, started);
        }
        Future<String> running = executor.submit(() -> tool.execute(argumentsJson == null ? "{}" : argumentsJson));
        try {
            String result = running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return outcome(name, argumentsJson, result == null ? "null" : result, true, started);
        } catch (TimeoutException e) {
            running.cancel(true);
            return outcome(name, argumentsJson, error("Tool " + name + " timed out after " + timeout.toSeconds() + " s"), false, started);
        } catch (ExecutionException e) {
            String reason = e.getCause() == null ? e.toString() : String.valueOf(e.getCause().getMessage());
            return outcome(name, argumentsJson, error("Tool " + name + " failed: " + reason), false, started);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.cancel(true);
            return outcome(name, argumentsJson, error("Tool " + name + " was interrupted"), false, started);
        }
    }

    private String error(String message) {
        return json.writeValueAsString(Map.of("error", message));
    }

    private static Outcome outcome(String tool, String arguments, String result, boolean success, long started) {
        return new Outcome(tool, arguments, result, success, (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
