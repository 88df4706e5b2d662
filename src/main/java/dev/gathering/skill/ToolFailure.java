package dev.gathering.skill;

/** A tool refusing or failing for a reason the model (or the user) can act on; no stack trace is kept. */
public class ToolFailure extends RuntimeException {

    public ToolFailure(String message) {
        super(message, null, false, false);
    }

    public ToolFailure(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
