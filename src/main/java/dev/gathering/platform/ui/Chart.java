package dev.gathering.platform.ui;

import java.util.List;

import tools.jackson.databind.json.JsonMapper;

/**
 * A chart as a page hands it to {@code app.js}, which draws it with uPlot: put {@link #json()} in a
 * {@code data-chart} attribute. {@code kind} is {@code bars} or {@code lines}.
 */
public record Chart(List<String> labels, List<Series> series, String unit, String kind) {

    public record Series(String label, List<? extends Number> values) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public String json() {
        return JSON.writeValueAsString(this);
    }

    /** True when every value is zero: the page shows an empty state instead. */
    public boolean isEmpty() {
        return series.stream().flatMap(s -> s.values().stream()).allMatch(v -> v.doubleValue() == 0);
    }
}
