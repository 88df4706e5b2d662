package dev.gathering.skill.builtin;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gathering.skill.Permission;
import dev.gathering.skill.Skill;
import dev.gathering.skill.SkillInfo;
import dev.gathering.skill.Tool;
import org.springframework.stereotype.Component;

/** Arithmetic the model should not do in its head. */
@Component
class CalculatorSkill implements Skill {

    @Override
    public SkillInfo info() {
        return SkillInfo.of("calculator", "Calculator",
                "Exact arithmetic: + - * / % ^, parentheses, pi, e, sqrt, abs, trigonometry, logarithms, rounding",
                "utility");
    }

    @Override
    public List<Tool> tools() {
        return List.of(Tool.of("calculate", "Evaluates an arithmetic expression, e.g. '(2 + 3) * 4 ^ 2' or 'sqrt(2) / 3'", """
                {"type": "object",
                 "properties": {"expression": {"type": "string", "minLength": 1, "maxLength": 1000,
                                               "description": "the expression: numbers, + - * / % ^, parentheses, pi, e, sqrt(x), abs(x), sin/cos/tan(x), ln(x), log(x) (base 10), exp(x), round/floor/ceil(x), min(a, b), max(a, b), pow(a, b)"}},
                 "required": ["expression"], "additionalProperties": false}""", call -> {
            String expression = call.text("expression");
            double value = Arithmetic.evaluate(expression);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("expression", expression);
            result.put("result", value == Math.rint(value) && Math.abs(value) < 1e15 ? (Object) (long) value
                    : BigDecimal.valueOf(value).stripTrailingZeros());
            return result;
        }));
    }
}
