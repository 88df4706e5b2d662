package dev.gathering.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

import dev.gathering.support.Api;
import dev.gathering.support.FakeLlmServer;
import dev.gathering.support.FakeLlmServer.Reply;
import dev.gathering.support.FakeLlmServer.ToolCall;
import dev.gathering.support.Fixtures;
import dev.gathering.support.IntegrationTest;
import dev.gathering.support.TestSse;
import dev.gathering.support.TestWebSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class ChatApiTest extends IntegrationTest {

    @RegisterExtension
    static final FakeLlmServer llm = new FakeLlmServer();

    @Autowired
    JdbcClient jdbc;

    Api admin;

    @BeforeEach
    void reset() {
        admin = admin();
    }

    private long openAiAgent(Map<String, Object> config) {
        String provider = Fixtures.provider(admin, "openai", llm.url() + "/v1");
        long agent = Fixtures.agent(admin, "Ada", provider, "gpt-test", config);
        Fixtures.enableSkills(admin, agent, "weather");
        return agent;
    }

    private Api.Response chat(long agentId, String message) {
        return admin.post("/agents/" + agentId + "/chat", Map.of("message", message));
    }

    @Test
    void aChatOverTheOpenAiWireAnswersWithRealTokenCountsAndStoresBothMessages() {
        long agent = openAiAgent(Map.of());
        llm.then(Reply.text("Hello from the model").tokens(120, 30));

        Api.Response response = chat(agent, "Hi there");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("content").asString()).isEqualTo("Hello from the model");
        assertThat(body.get("agent_id").asLong()).isEqualTo(agent);
        assertThat(body.get("agent_name").asString()).isEqualTo("Ada");
        assertThat(body.get("model").asString()).isEqualTo("gpt-test");
        assertThat(body.get("tokens_used").asInt()).isEqualTo(150);
        assertThat(body.get("duration_ms").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(body.get("tool_calls").isArray()).isTrue();
        assertThat(llm.last().headers().get("authorization")).startsWith("Bearer sk-test-");
        assertThat(llm.last().body().get("model").asString()).isEqualTo("gpt-test");

        JsonNode history = admin.get("/agents/" + agent + "/history").json().get("messages");
        assertThat(history.size()).isEqualTo(2);
        assertThat(history.get(0).get("role").asString()).isEqualTo("user");
        assertThat(history.get(0).get("content").asString()).isEqualTo("Hi there");
        assertThat(history.get(1).get("role").asString()).isEqualTo("assistant");
        assertThat(history.get(1).get("agent_name").asString()).isEqualTo("Ada");
        assertThat(admin.get("/agents/" + agent).json().get("status").asString()).isEqualTo("idle");
    }

    @Test
    void thePromptHasThePersonaSectionsThenTheLastTwentyMessagesThenTheQuestion() {
        long agent = openAiAgent(Map.of());
        for (int i = 1; i <= 15; i++) {
            // the administrator's own conversation: the prompt has the history of the user who chats
            jdbc.sql("INSERT INTO communication.chat_history (agent_id, role, content, user_id) VALUES (?, 'user', ?, 'admin'), (?, 'assistant', ?, 'admin')")
                    .params(agent, "question " + i, agent, "answer " + i).update();
        }

        chat(agent, "latest question");

        JsonNode messages = llm.last().body().get("messages");
        assertThat(messages.size()).isEqualTo(1 + 20 + 1);
        String system = messages.get(0).get("content").asString();
        assertThat(messages.get(0).get("role").asString()).isEqualTo("system");
        assertThat(system).contains("## Your Role\nYou are Ada, test engineer.\nTraits: careful\nStyle: Be concise");
        assertThat(system.indexOf("## Your Role")).isLessThan(system.indexOf("## Your Specializations\ntesting"));
        assertThat(system).doesNotContain("## Language", "## Resuming the Session");
        assertThat(messages.get(1).get("content").asString()).isEqualTo("question 6");
        assertThat(messages.get(20).get("content").asString()).isEqualTo("answer 15");
        assertThat(messages.get(21).get("role").asString()).isEqualTo("user");
        assertThat(messages.get(21).get("content").asString()).isEqualTo("latest question");
    }

    @Test
    void thePersonasLanguageTheCurrentTaskAndAResumeNoteReachThePrompt() {
        String provider = Fixtures.provider(admin, "openai", llm.url() + "/v1");
        long agent = admin.post("/agents", Map.of("persona", Map.of("name", "Claire", "role", "dev", "languages", List.of("fr", "en")),
                "config", Map.of("provider", provider, "model", "gpt-test"))).json().get("id").asLong();
        admin.post("/agents/" + agent + "/session/set-task?task_id=T-9&title=Refactor%20login&progress=started");
        jdbc.sql("UPDATE agent.sessions SET last_activity_at = now() - interval '3 hours' WHERE agent_id = ?").param(agent).update();

        chat(agent, "Où en sommes-nous ?");

        String system = llm.last().body().get("messages").get(0).get("content").asString();
        assertThat(system).contains("## Language\nAnswer in French unless the user writes in another language.");
        assertThat(system).contains("## Current Task\nRefactor login (task T-9)\nProgress: started");
        assertThat(system).contains("## Resuming the Session\nLast activity: 3 hours ago.");
    }

    @Test
    void theToolLoopRoundTripsCallIdsOverTheOpenAiWire() {
        long agent = openAiAgent(Map.of());
        llm.then(Reply.tools(new ToolCall("call_abc", "get_weather", "{\"city\":\"Paris\"}")),
                Reply.text("It is sunny in Paris"));

        JsonNode body = chat(agent, "Weather in Paris?").json();

        assertThat(body.get("content").asString()).isEqualTo("It is sunny in Paris");
        assertThat(body.get("tool_calls").get(0).get("id").asString()).isEqualTo("call_abc");
        assertThat(body.get("tool_calls").get(0).get("name").asString()).isEqualTo("get_weather");
        assertThat(body.get("tool_results").get(0).get("result").asString()).contains("sunny");
        assertThat(body.get("iterations").asInt()).isEqualTo(2);
        assertThat(llm.received()).hasSize(2);
        JsonNode first = llm.received().get(0).body();
        assertThat(first.get("tools").findValuesAsString("name")).contains("get_weather");
        JsonNode second = llm.received().get(1).body().get("messages");
        JsonNode assistant = second.get(second.size() - 2);
        JsonNode toolMessage = second.get(second.size() - 1);
        assertThat(assistant.get("tool_calls").get(0).get("id").asString()).isEqualTo("call_abc");
        assertThat(toolMessage.get("role").asString()).isEqualTo("tool");
        assertThat(toolMessage.get("tool_call_id").asString()).isEqualTo("call_abc");
        assertThat(toolMessage.get("content").asString()).contains("\"forecast\":\"sunny\"");
    }

    @Test
    void theToolLoopRoundTripsCallIdsOverTheAnthropicWireAcrossSeveralSteps() {
        String provider = Fixtures.provider(admin, "anthropic", llm.url() + "/v1");
        long agent = Fixtures.agent(admin, "Claude", provider, "claude-test", Map.of());
        Fixtures.enableSkills(admin, agent, "weather");
        llm.then(Reply.tools(new ToolCall("toolu_1", "get_weather", "{\"city\":\"Oslo\"}")),
                Reply.tools(new ToolCall("toolu_2", "get_weather", "{\"city\":\"Rome\"}")),
                Reply.text("Oslo and Rome are sunny"));

        JsonNode body = chat(agent, "Compare Oslo and Rome").json();

        assertThat(body.get("content").asString()).isEqualTo("Oslo and Rome are sunny");
        assertThat(body.get("tool_calls").findValuesAsString("id")).containsExactly("toolu_1", "toolu_2");
        assertThat(llm.received()).hasSize(3);
        assertThat(llm.last().headers().get("x-api-key")).startsWith("sk-test-");
        JsonNode first = llm.received().getFirst().body();
        assertThat(first.get("system").toString()).contains("You are Claude, test engineer.");
        JsonNode messages = llm.last().body().get("messages");
        String all = messages.toString();
        assertThat(all).contains("\"type\":\"tool_use\",\"id\":\"toolu_1\"", "\"tool_use_id\":\"toolu_1\"",
                "\"type\":\"tool_use\",\"id\":\"toolu_2\"", "\"tool_use_id\":\"toolu_2\"");
    }

    @Test
    void toolFailuresGoBackToTheModelAsErrors() {
        long agent = openAiAgent(Map.of());
        llm.then(Reply.tools(new ToolCall("c1", "slow_tool", "{}"), new ToolCall("c2", "no_such_tool", "{}")),
                Reply.text("done"));

        JsonNode body = chat(agent, "try tools").json();

        assertThat(body.get("tool_results").get(0).get("result").asString()).contains("timed out");
        assertThat(body.get("tool_results").get(0).get("success").asBoolean()).isFalse();
        assertThat(body.get("tool_results").get(1).get("result").asString()).contains("Unknown tool: no_such_tool");
        assertThat(body.get("content").asString()).isEqualTo("done");
    }

    @Test
    void toolsAreNotOfferedWhenTheCallerSaysSo() {
        long agent = openAiAgent(Map.of());

        admin.post("/agents/" + agent + "/chat", Map.of("message", "no tools please", "allow_tools", false));

        assertThat(llm.last().body().has("tools")).isFalse();
    }

    @Test
    void overloadedProvidersAreRetriedThenGiveUpWith503() {
        long agent = openAiAgent(Map.of());
        llm.then(Reply.error(429), Reply.error(503), Reply.text("finally"));

        Api.Response recovered = chat(agent, "hello");

        assertThat(recovered.status()).isEqualTo(200);
        assertThat(recovered.json().get("content").asString()).isEqualTo("finally");
        assertThat(llm.received()).hasSize(3);

        llm.reset();
        llm.byDefault(Reply.error(500));
        Api.Response exhausted = chat(agent, "hello again");

        assertThat(exhausted.status()).isEqualTo(503);
        assertThat(exhausted.header("Retry-After")).isEqualTo("7");
        assertThat(exhausted.json().get("detail").asString()).contains("Provider fake-openai", "overloaded", "4 attempts");
        assertThat(llm.received()).hasSize(4);
        assertThat(admin.get("/agents/" + agent).json().get("status").asString()).isEqualTo("idle");
    }

    @Test
    void aRejectedKeyIs502AndAnUnreachableProvider503() {
        long agent = openAiAgent(Map.of());
        llm.then(Reply.error(401));

        Api.Response rejected = chat(agent, "hello");

        assertThat(rejected.status()).isEqualTo(502);
        assertThat(rejected.json().get("detail").asString()).contains("rejected the API key (HTTP 401)");
        assertThat(llm.received()).hasSize(1);

        String nowhere = Fixtures.provider(admin, "openai", "http://127.0.0.1:9/v1");
        long lost = Fixtures.agent(admin, "Lost", nowhere, "gpt-test", Map.of());
        Api.Response unreachable = chat(lost, "hello");
        assertThat(unreachable.status()).isEqualTo(503);
        assertThat(unreachable.json().get("detail").asString()).contains("unreachable at http://127.0.0.1:9/v1");
    }

    @Test
    void anAgentWhoseProviderHasNoKeyGetsAClearAnswerNotAFakeOne() {
        String name = Fixtures.unique("keyless");
        admin.post("/providers", Map.of("name", name, "api_type", "openai", "api_base_url", llm.url() + "/v1"));
        long agent = Fixtures.agent(admin, "Keyless", name, "gpt-test", Map.of());

        Api.Response response = chat(agent, "hello");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.json().get("detail").asString()).isEqualTo("Provider " + name + " has no API key; set "
                + name.toUpperCase().replace('-', '_') + "_API_KEY or PATCH /settings/providers/" + name);
        assertThat(llm.received()).isEmpty();
    }

    @Test
    void aSecondChatToAnAgentAlreadyAnsweringIsRefused() throws Exception {
        long agent = openAiAgent(Map.of());
        llm.then(Reply.text("slow answer").after(Duration.ofMillis(1500)));

        CompletableFuture<Api.Response> first = CompletableFuture.supplyAsync(() -> chat(agent, "first"));
        await().atMost(Duration.ofSeconds(5)).until(() -> llm.received().size() == 1);
        Api.Response second = chat(agent, "second");

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().get("detail").asString()).contains("already answering");
        assertThat(admin.get("/agents/" + agent).json().get("status").asString()).isEqualTo("busy");
        assertThat(first.get().status()).isEqualTo(200);
        assertThat(chat(agent, "third").status()).isEqualTo(200);
    }

    @Test
    void deterministicRequestsAreServedFromTheCacheAndOthersNever() {
        String provider = Fixtures.provider(admin, "openai", llm.url() + "/v1");
        long first = Fixtures.agent(admin, "Twin", provider, "gpt-test", Map.of("temperature", 0));
        long second = Fixtures.agent(admin, "Twin", provider, "gpt-test", Map.of("temperature", 0));
        long warm = Fixtures.agent(admin, "Twin", provider, "gpt-test", Map.of("temperature", 0.7));
        long warmToo = Fixtures.agent(admin, "Twin", provider, "gpt-test", Map.of("temperature", 0.7));
        long optedIn = Fixtures.agent(admin, "Twin", provider, "gpt-test", Map.of("temperature", 0.7, "cache_responses", true));
        long optedInToo = Fixtures.agent(admin, "Twin", provider, "gpt-test", Map.of("temperature", 0.7, "cache_responses", true));

        JsonNode miss = chat(first, "same question").json();
        JsonNode hit = chat(second, "same question").json();
        assertThat(llm.received()).hasSize(1);
        assertThat(miss.get("cached").asBoolean()).isFalse();
        assertThat(hit.get("cached").asBoolean()).isTrue();
        assertThat(hit.get("content").asString()).isEqualTo(miss.get("content").asString());

        chat(warm, "same question");
        chat(warmToo, "same question");
        assertThat(llm.received()).hasSize(3);

        chat(optedIn, "same question");
        chat(optedInToo, "same question");
        assertThat(llm.received()).hasSize(4);
    }

    @Test
    void tokensAndCostAreAccountedPerAgentAndPerDay() {
        String provider = Fixtures.provider(admin, "openai", llm.url() + "/v1");
        Fixtures.model(admin, provider, "priced-model", 2.0, 8.0);
        long agent = Fixtures.agent(admin, "Spender", provider, "priced-model", Map.of());
        llm.then(Reply.text("one").tokens(1000, 500), Reply.text("two").tokens(3000, 250));

        JsonNode first = chat(agent, "one").json();
        chat(agent, "two");
        JsonNode usage = admin.get("/agents/" + agent + "/usage").json();
        JsonNode report = admin.get("/usage?days=1").json();

        assertThat(first.get("cost_usd").asDouble()).isEqualTo(0.006);
        assertThat(usage.get("messages").asLong()).isEqualTo(2);
        assertThat(usage.get("tokens_in").asLong()).isEqualTo(4000);
        assertThat(usage.get("tokens_out").asLong()).isEqualTo(750);
        assertThat(usage.get("cost_usd").asDouble()).isEqualTo(0.006 + 0.008);
        assertThat(usage.get("by_day").get(0).get("provider").asString()).isEqualTo(provider);
        assertThat(usage.get("by_day").get(0).get("model").asString()).isEqualTo("priced-model");
        assertThat(report.get("lines").valueStream().filter(line -> line.get("provider").asString().equals(provider))
                .findFirst().orElseThrow().get("tokens_in").asLong()).isEqualTo(4000);
    }

    @Test
    void theAnthropicAndOllamaWiresWorkToo() {
        String anthropic = Fixtures.provider(admin, "anthropic", llm.url() + "/v1");
        long claude = Fixtures.agent(admin, "Claude", anthropic, "claude-test", Map.of());
        String ollama = Fixtures.provider(admin, "ollama", llm.url());
        long llama = Fixtures.agent(admin, "Llama", ollama, "llama-test", Map.of());
        llm.then(Reply.text("from claude").tokens(40, 9), Reply.text("from llama").tokens(33, 4));

        JsonNode fromClaude = chat(claude, "hi").json();
        assertThat(llm.last().protocol()).isEqualTo("anthropic");
        assertThat(llm.last().body().get("messages").get(0).get("role").asString()).isEqualTo("user");
        JsonNode fromLlama = chat(llama, "hi").json();
        assertThat(llm.last().protocol()).isEqualTo("ollama");

        assertThat(fromClaude.get("content").asString()).isEqualTo("from claude");
        assertThat(fromClaude.get("tokens_used").asInt()).isEqualTo(49);
        assertThat(fromLlama.get("content").asString()).isEqualTo("from llama");
        assertThat(fromLlama.get("tokens_used").asInt()).isEqualTo(37);
    }

    @Test
    void theLocalProviderWorksOfflineAndSaysItIsNotAModel() {
        long agent = Fixtures.agent(admin, "Offline", "local", "local-responder", Map.of());

        JsonNode body = chat(agent, "are you smart?").json();

        assertThat(body.get("content").asString()).contains("not a language model", "are you smart?");
        assertThat(body.get("tokens_used").asInt()).isPositive();
    }

    @Test
    void streamingOverSseSendsTokensThenTheSummaryAndStoresTheExchange() {
        long agent = openAiAgent(Map.of());
        llm.then(Reply.text("one two three four").tokens(20, 4));

        try (TestSse stream = TestSse.open(admin.request("/agents/" + agent + "/chat/stream")
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"message\":\"count\"}")).build())) {
            assertThat(stream.status()).isEqualTo(200);
            List<TestSse.Message> events = stream.until("done", Duration.ofSeconds(10));

            assertThat(events.getFirst().event()).isEqualTo("start");
            List<String> tokens = events.stream().filter(e -> e.event().equals("token"))
                    .map(e -> e.data().get("content").asString()).toList();
            assertThat(tokens).hasSizeGreaterThanOrEqualTo(4);
            assertThat(String.join("", tokens)).isEqualTo("one two three four");
            assertThat(events.getLast().data().get("content").asString()).isEqualTo("one two three four");
            assertThat(events.getLast().data().get("tokens_used").asInt()).isEqualTo(24);
        }
        assertThat(llm.last().body().get("stream").asBoolean()).isTrue();
        assertThat(admin.get("/agents/" + agent + "/history").json().get("total").asInt()).isEqualTo(2);
    }

    @Test
    void streamingWorksOverTheAnthropicAndOllamaWiresToo() {
        String anthropic = Fixtures.provider(admin, "anthropic", llm.url() + "/v1");
        String ollama = Fixtures.provider(admin, "ollama", llm.url());
        for (String provider : List.of(anthropic, ollama)) {
            long agent = Fixtures.agent(admin, "Streamer", provider, "model-test", Map.of());
            llm.then(Reply.text("alpha beta gamma").tokens(12, 3));

            try (TestSse stream = TestSse.open(admin.request("/agents/" + agent + "/chat/stream")
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"message\":\"go\"}")).build())) {
                List<TestSse.Message> events = stream.until("done", Duration.ofSeconds(10));

                assertThat(events.stream().filter(e -> e.event().equals("token")).map(e -> e.data().get("content").asString())
                        .reduce("", String::concat)).as(provider).isEqualTo("alpha beta gamma");
                assertThat(events.getLast().event()).isEqualTo("done");
                assertThat(events.getLast().data().get("tokens_used").asInt()).as(provider).isEqualTo(15);
            }
        }
    }

    @Test
    void streamingChecksFailBeforeTheStreamOpens() {
        Api.Response unknown = admin.post("/agents/999999/chat/stream", Map.of("message", "x"));

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aClientThatDisconnectsMidStreamCancelsTheProviderCall() {
        long agent = openAiAgent(Map.of());
        String words = String.join(" ", java.util.Collections.nCopies(60, "word"));
        llm.then(Reply.text(words).streamedEvery(Duration.ofMillis(100)));

        TestSse stream = TestSse.open(admin.request("/agents/" + agent + "/chat/stream")
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"message\":\"talk\"}")).build());
        stream.until("token", Duration.ofSeconds(10));
        stream.close();

        await().atMost(Duration.ofSeconds(8)).until(() -> llm.abandonedStreams() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                admin.get("/agents/" + agent).json().get("status").asString().equals("idle"));
        assertThat(admin.get("/agents/" + agent + "/history").json().get("total").asInt()).isZero();
    }

    @Test
    void chatOverAWebSocketStreamsTokensAndStoresTheExchange() {
        long agent = openAiAgent(Map.of());
        llm.then(Reply.text("streamed over a socket").tokens(9, 4));

        try (TestWebSocket socket = TestWebSocket.connect(admin, "/ws/chat/" + agent, admin.token())) {
            JsonNode connected = socket.next();
            socket.send(Map.of("message", ""));
            JsonNode empty = socket.next();
            socket.send(Map.of("message", "hello socket"));
            JsonNode start = socket.next();
            List<String> tokens = new ArrayList<>();
            JsonNode frame = socket.next();
            while (frame.get("type").asString().equals("token")) {
                tokens.add(frame.get("content").asString());
                frame = socket.next();
            }

            assertThat(connected.get("type").asString()).isEqualTo("connected");
            assertThat(connected.get("agent_name").asString()).isEqualTo("Ada");
            assertThat(empty.get("type").asString()).isEqualTo("error");
            assertThat(empty.get("message").asString()).isEqualTo("No message provided");
            assertThat(start.get("type").asString()).isEqualTo("start");
            assertThat(String.join("", tokens)).isEqualTo("streamed over a socket");
            assertThat(frame.get("type").asString()).isEqualTo("done");
            assertThat(frame.get("content").asString()).isEqualTo("streamed over a socket");
            assertThat(frame.get("tokens_used").asInt()).isEqualTo(13);
        }
        assertThat(admin.get("/agents/" + agent + "/history").json().get("total").asInt()).isEqualTo(2);
    }

    @Test
    void theChatSocketRefusesBadTokensAndUnknownAgents() {
        long agent = openAiAgent(Map.of());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestWebSocket.connect(admin, "/ws/chat/" + agent, "bad.token.x"))
                .isInstanceOfSatisfying(TestWebSocket.Refused.class, refused -> assertThat(refused.status()).isEqualTo(401));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestWebSocket.connect(admin, "/ws/chat/999999", admin.token()))
                .isInstanceOfSatisfying(TestWebSocket.Refused.class, refused -> assertThat(refused.status()).isEqualTo(404));
    }

    @Test
    void closingTheChatSocketMidAnswerCancelsTheProviderCall() {
        long agent = openAiAgent(Map.of());
        llm.then(Reply.text(String.join(" ", java.util.Collections.nCopies(60, "word"))).streamedEvery(Duration.ofMillis(100)));

        TestWebSocket socket = TestWebSocket.connect(admin, "/ws/chat/" + agent, admin.token());
        socket.next();
        socket.send(Map.of("message", "talk a lot"));
        socket.next(frame -> frame.get("type").asString().equals("token"), Duration.ofSeconds(10));
        socket.close();

        await().atMost(Duration.ofSeconds(8)).until(() -> llm.abandonedStreams() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                admin.get("/agents/" + agent).json().get("status").asString().equals("idle"));
        assertThat(admin.get("/agents/" + agent + "/history").json().get("total").asInt()).isZero();
    }

    @Test
    void chatsAreAnnouncedOnTheEventBus() {
        long agent = openAiAgent(Map.of());
        llm.then(Reply.tools(new ToolCall("c9", "get_weather", "{\"city\":\"Lyon\"}")), Reply.text("sunny"));

        chat(agent, "weather?");

        JsonNode events = admin.get("/events/history?limit=100").json();
        List<String> types = events.get("events").valueStream().filter(e -> e.path("source_agent_id").asLong() == agent)
                .map(e -> e.get("type").asString()).toList();
        assertThat(types).contains("agent.created", "agent.chat.started", "agent.tool.executed", "agent.chat.completed");
    }

    @Test
    void tenConcurrentChatsToTenAgentsRunSideBySide() throws Exception {
        String provider = Fixtures.provider(admin, "openai", llm.url() + "/v1");
        List<Long> agents = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            agents.add(Fixtures.agent(admin, "Parallel " + i, provider, "gpt-test", Map.of()));
        }
        // the provider answers no chat before all ten are waiting on it: chats that queued behind one another
        // would never get there (and would fail after the provider gives up waiting)
        java.util.concurrent.CountDownLatch allWaiting = new java.util.concurrent.CountDownLatch(agents.size());
        llm.respond(request -> {
            allWaiting.countDown();
            try {
                allWaiting.await(15, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Reply.text("answer");
        });

        runAll(agents, "go");

        assertThat(allWaiting.getCount()).as("chats that reached the provider while the others were still waiting")
                .isZero();
    }

    private void runAll(List<Long> agents, String message) throws Exception {
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Api.Response>> calls = agents.stream()
                    .map(id -> CompletableFuture.supplyAsync(() -> admin.withClientIp(Api.randomClientIp())
                            .post("/agents/" + id + "/chat", Map.of("message", message)), executor))
                    .toList();
            for (CompletableFuture<Api.Response> call : calls) {
                assertThat(call.get().status()).isEqualTo(200);
            }
        }
    }
}
