package dev.latm.model.spec;

/**
 * One thing wrong with an architecture, named by its field path in the wire format
 * ({@code stages[3].block.kernel_size}) so that a client can point at it.
 *
 * @param field       field path, proto field names, 0-based list indices
 * @param description what is wrong and what is allowed, e.g. {@code must be one of 1, 3, 5, 7 (got 4)}
 * @param limit       true when the value is well-formed but over a configured server limit
 */
public record Violation(String field, String description, boolean limit) {

    public static Violation invalid(String field, String description) {
        return new Violation(field, description, false);
    }

    public static Violation overLimit(String field, String description) {
        return new Violation(field, description, true);
    }

    @Override
    public String toString() {
        return field + ": " + description;
    }
}
