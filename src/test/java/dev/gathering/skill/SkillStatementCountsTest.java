package dev.gathering.skill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import dev.gathering.support.Api;
import dev.gathering.support.Fixtures;
import dev.gathering.support.IntegrationTest;
import dev.gathering.support.StatementCounter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The skill routes run a constant number of statements, however many skills and agents there are. */
class SkillStatementCountsTest extends IntegrationTest {

    @Autowired
    StatementCounter counter;

    @Test
    void catalogueMatrixAndSkillListsAreConstant() {
        Api admin = admin();
        long agent = Fixtures.agent(admin, "Counted", "local", "local-responder", Map.of());
        Fixtures.enableSkills(admin, agent, "calculator", "http", "web", "pdf", "memory", "knowledge");

        assertThat(counter.countGet(admin, "/tools/skills")).isEqualTo(1);
        assertThat(counter.countGet(admin, "/tools/skills/categories")).isEqualTo(1);
        // the agent (404 check), the matrix, the agent's grants
        assertThat(counter.countGet(admin, "/tools/agents/" + agent)).isLessThanOrEqualTo(4);
        assertThat(counter.countGet(admin, "/tools/agents/" + agent + "/enabled")).isLessThanOrEqualTo(2);
        assertThat(counter.countGet(admin, "/agents/" + agent + "/skills")).isLessThanOrEqualTo(3);
        assertThat(counter.countGet(admin, "/plugins")).isLessThanOrEqualTo(2);
    }
}
