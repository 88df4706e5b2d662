package dev.gathering.circle;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who should do a task, and who should review it (upstream's facilitator rules, with its gaps closed).
 * <ul>
 * <li>Work: active members sharing at least one required competency; a task requiring none goes to any active
 * member. Score = (match × strength × 0.5 + availability × 0.3 + approval rate × 0.2) × (1 + (10 − priority) × 0.05),
 * where match is the share of required competencies the member has, strength 0.8, and availability
 * max(0, 1 − workload / 5). Highest score wins; ties go to the earliest member.</li>
 * <li>Review: active members other than the author whose {@code can_review} names "all", "quality" or one of the
 * task's competencies. Score = availability + average quality × 0.01.</li>
 * </ul>
 */
final class TaskRouter {

    static final double COMPETENCY_STRENGTH = 0.8;
    static final int FULL_WORKLOAD = 5;

    record Offer(long agentId, double score) {
    }

    private TaskRouter() {
    }

    static double availability(int workload) {
        return Math.max(0.0, 1.0 - (double) workload / FULL_WORKLOAD);
    }

    /** Priority 1–10 from a number or the words low, medium, high, critical (upstream's mapping). */
    static int priority(Object value) {
        if (value == null) {
            return 5;
        }
        if (value instanceof Number number) {
            return Math.clamp(number.intValue(), 1, 10);
        }
        String text = value.toString().trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "low" -> 8;
            case "medium", "normal" -> 5;
            case "high" -> 3;
            case "critical", "urgent" -> 1;
            default -> {
                try {
                    yield Math.clamp(Integer.parseInt(text), 1, 10);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("priority must be 1-10 or one of low, medium, high, critical");
                }
            }
        };
    }

    static Optional<Offer> route(List<String> required, int priority, List<Member> members, Collection<Long> excluded) {
        Set<String> needed = normalize(required);
        double urgency = 1 + (10 - priority) * 0.05;
        Offer best = null;
        for (Member member : members) {
            if (!member.isActive() || excluded.contains(member.agentId())) {
                continue;
            }
            double match;
            if (needed.isEmpty()) {
                match = 1.0;
            } else {
                Set<String> shared = new HashSet<>(normalize(member.competencies()));
                shared.retainAll(needed);
                if (shared.isEmpty()) {
                    continue;
                }
                match = (double) shared.size() / needed.size();
            }
            double score = (match * COMPETENCY_STRENGTH * 0.5 + availability(member.currentWorkload()) * 0.3
                    + member.approvalRate() * 0.2) * urgency;
            if (best == null || score > best.score() + 1e-12) {
                best = new Offer(member.agentId(), score);
            }
        }
        return Optional.ofNullable(best);
    }

    static Optional<Offer> reviewer(List<String> competencies, long authorId, List<Member> members) {
        Set<String> topics = normalize(competencies);
        return members.stream()
                .filter(Member::isActive)
                .filter(member -> member.agentId() != authorId)
                .filter(member -> {
                    Set<String> reviews = normalize(member.canReview());
                    return reviews.contains("all") || reviews.contains("quality") || reviews.stream().anyMatch(topics::contains);
                })
                .map(member -> new Offer(member.agentId(), availability(member.currentWorkload())
                        + (member.averageQualityScore() == null ? 0 : member.averageQualityScore()) * 0.01))
                .reduce((best, next) -> next.score() > best.score() + 1e-12 ? next : best);
    }

    private static Set<String> normalize(Collection<String> values) {
        return values.stream().map(value -> value.trim().toLowerCase(Locale.ROOT)).filter(value -> !value.isEmpty())
                .collect(Collectors.toSet());
    }

}
