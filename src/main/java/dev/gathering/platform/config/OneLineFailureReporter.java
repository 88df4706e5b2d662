package dev.gathering.platform.config;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;

/**
 * Reports a start-up failure that an analyzer understood as one line on standard error, so that an operator
 * reads the reason rather than a stack trace. (Boot's multi-line reporter is silenced in application.yml.)
 */
public class OneLineFailureReporter implements FailureAnalysisReporter {

    @Override
    public void report(FailureAnalysis analysis) {
        String action = analysis.getAction();
        String line = "GatheRing could not start: " + flatten(analysis.getDescription())
                + (action == null || action.isBlank() ? "" : " (" + flatten(action) + ")");
        System.err.println(line);
    }

    private static String flatten(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
