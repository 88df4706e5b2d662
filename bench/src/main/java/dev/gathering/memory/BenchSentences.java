package dev.gathering.memory;

import java.util.Random;

/** The generated memories both memory benchmarks use: sentences about systems and teams, each one different. */
final class BenchSentences {

    private static final String[] WHO = {"The billing service", "Our search cluster", "The mobile gateway", "The nightly export",
            "The auth proxy", "The metrics pipeline", "The mail relay", "The image resizer", "The chat backend",
            "The payment worker", "Alice", "Bruno", "Chloe", "Dmitri", "The design team", "The data team",
            "Our biggest customer", "The staging cluster", "The CI runner", "The support desk", "The mobile app",
            "The admin dashboard", "The recommendation model", "The inventory database", "The feature flag service",
            "The load balancer"};
    private static final String[] WHAT = {"runs on three nodes in Frankfurt", "was rewritten in Rust last spring",
            "fails when the disk is full", "is owned by the platform team", "restarts every Sunday at midnight",
            "caches answers for five minutes", "logs every request it receives", "needs a manual approval to deploy",
            "depends on the legacy inventory database", "is scheduled to be retired in December",
            "alerts the on-call engineer after three errors", "keeps its secrets in the vault", "prefers reviews in French",
            "asked for a dark theme", "doubled its traffic after the launch", "times out under heavy load",
            "uses twice the memory it did last year", "was moved to a cheaper region", "sends a weekly report on Mondays",
            "broke the build twice this sprint", "must answer in under 200 milliseconds", "stores dates in UTC",
            "loses connections during backups", "is being audited for security in October", "reads its config from etcd",
            "has no tests for the export path", "is waiting for a new licence", "was migrated to PostgreSQL 17"};
    private static final String[] WHEN = {"", " since March", " according to the last retrospective", " as of this week",
            " per the incident report", " after the outage", " in the new architecture", " until further notice",
            " which surprised everyone", " and nobody knows why", " following the audit", " during the holidays"};

    private BenchSentences() {
    }

    static String sentence(Random random) {
        return WHO[random.nextInt(WHO.length)] + " " + WHAT[random.nextInt(WHAT.length)] + WHEN[random.nextInt(WHEN.length)]
                + " (note " + random.nextInt(1_000_000) + ").";
    }
}
