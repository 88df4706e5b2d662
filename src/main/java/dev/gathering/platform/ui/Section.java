package dev.gathering.platform.ui;

/** The groups of the sidebar, in their order. */
public enum Section {
    OVERVIEW("Overview"),
    WORK("Work"),
    AGENTS_AND_TEAMS("Agents & teams"),
    INTELLIGENCE("Intelligence"),
    SYSTEM("System");

    private final String label;

    Section(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
