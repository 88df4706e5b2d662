package dev.gathering.circle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class TaskRouterTest {

    private static Member member(long id, List<String> competencies, int workload, int reviews, int approvals,
                                 List<String> canReview) {
        return new Member(id, "agent" + id, "", "local", "m", false, competencies, canReview, true, OffsetDateTime.now(),
                0, 0, reviews, approvals, 0, 0, 0, workload);
    }

    @Test
    void availabilityFallsWithWorkload() {
        assertThat(TaskRouter.availability(0)).isEqualTo(1.0);
        assertThat(TaskRouter.availability(2)).isEqualTo(0.6);
        assertThat(TaskRouter.availability(5)).isEqualTo(0.0);
        assertThat(TaskRouter.availability(9)).isEqualTo(0.0);
    }

    @Test
    void onlyMembersWithARequiredCompetencyAreOffered() {
        List<Member> members = List.of(member(1, List.of("java"), 0, 0, 0, List.of()),
                member(2, List.of("python", "sql"), 0, 0, 0, List.of()));

        assertThat(TaskRouter.route(List.of("python"), 5, members, Set.of())).get()
                .extracting(TaskRouter.Offer::agentId).isEqualTo(2L);
        assertThat(TaskRouter.route(List.of("python"), 5, members, Set.of(2L))).isEmpty();
        assertThat(TaskRouter.route(List.of("rust"), 5, members, Set.of())).isEmpty();
    }

    @Test
    void theScoreFollowsTheFormula() {
        Member member = member(1, List.of("python"), 2, 4, 3, List.of());

        double score = TaskRouter.route(List.of("python", "go"), 3, List.of(member), Set.of()).orElseThrow().score();

        double expected = (0.5 * 0.8 * 0.5 + 0.6 * 0.3 + 0.75 * 0.2) * (1 + 7 * 0.05);
        assertThat(score).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aTaskWithoutCompetenciesGoesToTheMostAvailableMember() {
        List<Member> members = List.of(member(1, List.of("java"), 3, 0, 0, List.of()),
                member(2, List.of(), 0, 0, 0, List.of()), member(3, List.of("go"), 1, 0, 0, List.of()));

        assertThat(TaskRouter.route(List.of(), 5, members, Set.of()).orElseThrow().agentId()).isEqualTo(2L);
    }

    @Test
    void tiesGoToTheEarliestMember() {
        List<Member> members = List.of(member(7, List.of("java"), 0, 0, 0, List.of()),
                member(3, List.of("java"), 0, 0, 0, List.of()));

        assertThat(TaskRouter.route(List.of("java"), 5, members, Set.of()).orElseThrow().agentId()).isEqualTo(7L);
    }

    @Test
    void reviewersAreOtherMembersWhoReviewThisKindOfWork() {
        List<Member> members = List.of(member(1, List.of("java"), 0, 0, 0, List.of("all")),
                member(2, List.of(), 4, 0, 0, List.of("java")), member(3, List.of(), 0, 0, 0, List.of("python")));

        assertThat(TaskRouter.reviewer(List.of("java"), 1, members).orElseThrow().agentId()).isEqualTo(2L);
        assertThat(TaskRouter.reviewer(List.of("java"), 2, members).orElseThrow().agentId()).isEqualTo(1L);
        assertThat(TaskRouter.reviewer(List.of("rust"), 1, members)).isEmpty();
    }

    @Test
    void priorityWordsMapToNumbers() {
        assertThat(TaskRouter.priority("low")).isEqualTo(8);
        assertThat(TaskRouter.priority("medium")).isEqualTo(5);
        assertThat(TaskRouter.priority("high")).isEqualTo(3);
        assertThat(TaskRouter.priority("critical")).isEqualTo(1);
        assertThat(TaskRouter.priority(42)).isEqualTo(10);
        assertThat(TaskRouter.priority(null)).isEqualTo(5);
        assertThatThrownBy(() -> TaskRouter.priority("whenever")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reviewsAreParsedStrictly() {
        assertThat(ReviewParser.parse("DECISION: APPROVE\nSCORE: 88\nCOMMENTS: solid work")).get()
                .isEqualTo(new TaskService.Review("approved", "solid work", 88.0));
        assertThat(ReviewParser.parse("decision: request_changes\nscore: 40\ncomments: add tests\nplease")).get()
                .extracting(TaskService.Review::decision, TaskService.Review::comments)
                .containsExactly("changes_requested", "add tests\nplease");
        assertThat(ReviewParser.parse("Looks good to me!")).isEmpty();
        assertThat(ReviewParser.parse("DECISION: APPROVE\nCOMMENTS: no score")).isEmpty();
        assertThat(ReviewParser.parse("DECISION: APPROVE\nDECISION: REJECT\nSCORE: 3")).isEmpty();
        assertThat(ReviewParser.parse("DECISION: MAYBE\nSCORE: 50")).isEmpty();
        assertThat(ReviewParser.parse("DECISION: REJECT\nSCORE: 300")).isEmpty();
    }
}
