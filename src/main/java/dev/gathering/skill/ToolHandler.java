package dev.gathering.skill;

/**
 * Runs a tool whose arguments passed its schema. The result goes back to the model: a String as it is, anything
 * else as JSON. An exception becomes {@code {"error": "Tool T failed: <message>"}}, so messages should say what to
 * do differently ({@link ToolFailure} is the usual way).
 */
@FunctionalInterface
public interface ToolHandler {

    Object call(ToolCall call) throws Exception;
}
