package dev.gathering.skill;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import dev.gathering.agent.AgentTools;
import dev.gathering.support.Api;
import dev.gathering.support.FakeLlmServer;
import dev.gathering.support.FakeLlmServer.Reply;
import dev.gathering.support.FakeLlmServer.ToolCall;
import dev.gathering.support.Fixtures;
import dev.gathering.support.IntegrationTest;
import dev.gathering.support.TestDatabases;
import dev.gathering.support.TestServer;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a tool call costs besides the tool itself: the dispatcher's checks, JSON parsing, schema validation, the hand-off
 * to the tool's virtual thread and back, rendering, usage counting and the event, measured on a tool whose own work is
 * a string concatenation; then schema validation alone; then whole chats with and without one tool round trip against
 * the in-test provider. Run by bench/tools.sh (tagged "bench", excluded from the test suite).
 */
@Tag("bench")
class ToolDispatchBenchmark {

    static final int WARMUP = 20_000;
    static final int CALLS = 100_000;
    static final int CHATS = 300;

    @Test
    void toolCallOverhead() throws Exception {
        try (FakeLlmServer llm = new FakeLlmServer();
             TestServer server = TestServer.on(TestDatabases.create())
                     .set("gathering.rate-limit.write", "100000000").set("gathering.rate-limit.auth", "1000")
                     .set("gathering.rate-limit.read", "100000000").set("logging.level.root", "warn").start()) {
            Api admin = server.api().login(IntegrationTest.ADMIN_EMAIL, IntegrationTest.ADMIN_PASSWORD);
            String provider = Fixtures.provider(admin, "openai", llm.url() + "/v1");
            long agent = Fixtures.agent(admin, "Bench", provider, "gpt-bench", Map.of("auto_remember", false));
            Fixtures.enableSkills(admin, agent, "weather", "calculator");

            ToolDispatcher dispatcher = server.bean(ToolDispatcher.class);
            AgentTools.Toolbox toolbox = dispatcher.toolbox(agent, "Bench");
            ToolExecutionRequest call = ToolExecutionRequest.builder().id("b1").name("get_weather")
                    .arguments("{\"city\": \"Oslo\"}").build();
            Duration timeout = Duration.ofSeconds(30);
            for (int i = 0; i < WARMUP; i++) {
                toolbox.call(call, "bench", timeout);
            }
            long[] dispatch = new long[CALLS];
            for (int i = 0; i < CALLS; i++) {
                long started = System.nanoTime();
                toolbox.call(call, "bench", timeout);
                dispatch[i] = System.nanoTime() - started;
            }
            report("dispatch + validation per call (get_weather, trivial handler)", dispatch);

            SkillCatalog.CompiledTool compiled = server.bean(SkillCatalog.class).tool("get_weather");
            JsonMapper json = JsonMapper.builder().build();
            var arguments = json.readTree("{\"city\": \"Oslo\"}");
            long[] validation = new long[CALLS];
            for (int i = 0; i < WARMUP; i++) {
                ToolSchemas.validate("get_weather", compiled.validator(), arguments);
            }
            for (int i = 0; i < CALLS; i++) {
                long started = System.nanoTime();
                ToolSchemas.validate("get_weather", compiled.validator(), arguments);
                validation[i] = System.nanoTime() - started;
            }
            report("schema validation alone", validation);

            long[] withTool = chats(admin, llm, agent, true);
            long[] plain = chats(admin, llm, agent, false);
            report("chat with one tool round trip (2 model calls)", withTool);
            report("chat without tools (1 model call)", plain);
        }
    }

    private static long[] chats(Api admin, FakeLlmServer llm, long agent, boolean tool) {
        long[] samples = new long[CHATS];
        for (int i = -50; i < CHATS; i++) {
            llm.reset();
            if (tool) {
                llm.then(Reply.tools(new ToolCall("c" + i, "calculate", "{\"expression\": \"6 * 7\"}")), Reply.text("42"));
            } else {
                llm.then(Reply.text("42"));
            }
            long started = System.nanoTime();
            Api.Response response = admin.post("/agents/" + agent + "/chat", Map.of("message", "six times seven?",
                    "include_memories", false));
            if (response.status() != 200) {
                throw new IllegalStateException(response.toString());
            }
            if (i >= 0) {
                samples[i] = System.nanoTime() - started;
            }
        }
        return samples;
    }

    private static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0);
        System.out.printf("BENCH tools: %s: n=%d, mean %.1f µs, p50 %.1f µs, p99 %.1f µs, p99.9 %.1f µs%n", what,
                sorted.length, mean / 1e3, sorted[sorted.length / 2] / 1e3, sorted[(int) (sorted.length * 0.99)] / 1e3,
                sorted[(int) (sorted.length * 0.999)] / 1e3);
    }
}
