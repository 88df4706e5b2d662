package dev.gathering.support;

import java.util.List;

import dev.gathering.skill.Skill;
import dev.gathering.skill.SkillInfo;
import dev.gathering.skill.Tool;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A skill that exists only on the test classpath, to exercise the chat's tool loop: enable "weather" for an agent. */
@Configuration(proxyBeanMethods = false)
class TestSkills {

    @Bean
    Skill weatherSkill() {
        return new Skill() {
            @Override
            public SkillInfo info() {
                return SkillInfo.of("weather", "Weather (tests)", "Current weather, and a tool that never answers in time",
                        "testing");
            }

            @Override
            public List<Tool> tools() {
                return List.of(
                        Tool.of("get_weather", "Current weather of a city", """
                                {"type": "object", "properties": {"city": {"type": "string", "description": "the city"}},
                                 "required": ["city"], "additionalProperties": false}""",
                                call -> "{\"city\":\"" + call.text("city") + "\",\"forecast\":\"sunny\",\"celsius\":21}"),
                        Tool.of("slow_tool", "Takes a long time", "{\"type\": \"object\"}", call -> {
                            Thread.sleep(60_000);
                            return "{}";
                        }));
            }
        };
    }
}
