package dev.gathering.support;


import dev.gathering.tool.AgentTool;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

/** Tools that exist only on the test classpath, to exercise the chat's tool loop. */
@Configuration(proxyBeanMethods = false)
class TestTools {


    @Bean
    AgentTool weatherTool() {
        return new AgentTool() {
            @Override
            public ToolSpecification specification() {
                return ToolSpecification.builder().name("get_weather").description("Current weather of a city")
                        .parameters(JsonObjectSchema.builder().addStringProperty("city", "the city").required("city").build())
                        .build();
            }

            @Override
            public String execute(String argumentsJson) {
                JsonNode arguments = Api.JSON.readTree(argumentsJson);
                return "{\"city\":\"" + arguments.path("city").asString() + "\",\"forecast\":\"sunny\",\"celsius\":21}";
            }
        };
    }

    @Bean
    AgentTool slowTool() {
        return new AgentTool() {
            @Override
            public ToolSpecification specification() {
                return ToolSpecification.builder().name("slow_tool").description("Takes a long time")
                        .parameters(JsonObjectSchema.builder().build()).build();
            }

            @Override
            public String execute(String argumentsJson) throws Exception {
                Thread.sleep(60_000);
                return "{}";
            }
        };
    }
}
