package dev.gathering.platform.web;

import java.util.List;

/**
 * One entry of the {@code errors} list of a 422 answer, in upstream's (FastAPI's) shape: where the bad input is
 * ({@code ["body", "persona", "name"]}, {@code ["query", "limit"]}), what is wrong with it, and its kind
 * ({@code missing}, {@code type_error}, {@code value_error}).
 */
public record FieldProblem(List<String> loc, String msg, String type) {

    public static FieldProblem missing(List<String> loc) {
        return new FieldProblem(loc, "Field required", "missing");
    }

    public static FieldProblem type(List<String> loc, String msg) {
        return new FieldProblem(loc, msg, "type_error");
    }

    public static FieldProblem value(List<String> loc, String msg) {
        return new FieldProblem(loc, msg, "value_error");
    }

    /** The field's name as a user would write it: {@code persona.name}, {@code limit}. */
    String field() {
        return String.join(".", loc.subList(Math.min(1, loc.size() - 1), loc.size()));
    }
}
