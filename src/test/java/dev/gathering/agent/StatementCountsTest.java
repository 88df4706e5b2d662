package dev.gathering.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import dev.gathering.support.Api;
import dev.gathering.support.Fixtures;
import dev.gathering.support.IntegrationTest;
import dev.gathering.support.StatementCounter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Lists and details run a fixed number of SQL statements, however many rows they return. */
class StatementCountsTest extends IntegrationTest {

    @Autowired
    StatementCounter counter;

    @Test
    void listsDoNotGrowWithTheirRows() {
        Api admin = admin();
        long first = Fixtures.agent(admin, "Counted", "local", "local-responder", Map.of());
        for (int i = 0; i < 20; i++) {
            Fixtures.agent(admin, "Counted " + i, "local", "local-responder", Map.of());
        }
        for (int i = 0; i < 5; i++) {
            admin.post("/agents/" + first + "/chat", Map.of("message", "hello " + i));
        }

        assertThat(counter.countGet(admin, "/agents?limit=1")).isEqualTo(counter.countGet(admin, "/agents?limit=100"));
        assertThat(counter.countGet(admin, "/agents?limit=100")).isLessThanOrEqualTo(2);
        assertThat(counter.countGet(admin, "/agents-db")).isEqualTo(1);
        // the agent, and its enabled skills with its permissions (skills/tools_count)
        assertThat(counter.countGet(admin, "/agents/" + first)).isEqualTo(2);
        assertThat(counter.countGet(admin, "/agents/" + first + "/history?limit=1"))
                .isEqualTo(counter.countGet(admin, "/agents/" + first + "/history?limit=50"));
        assertThat(counter.countGet(admin, "/providers")).isEqualTo(1);
        assertThat(counter.countGet(admin, "/models")).isEqualTo(1);
        assertThat(counter.countGet(admin, "/personas")).isEqualTo(1);
        assertThat(counter.countGet(admin, "/usage")).isEqualTo(1);
        assertThat(counter.countGet(admin, "/settings")).isLessThanOrEqualTo(4);
    }
}
