package dev.latm.model.spec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Input that breaks its rules, with every violation found, never just the first. Subclasses say what
 * the field paths are relative to: {@link InvalidArchitectureException} (the architecture), and the
 * server's request exception (the whole request).
 */
public abstract class InvalidInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient List<Violation> violations;

    protected InvalidInputException(List<Violation> violations) {
        super(violations.size() + (violations.size() == 1 ? " violation" : " violations") + ": "
                + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("invalid input needs at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }

    /** True when every violation is a configured limit rather than a malformed field. */
    public boolean onlyLimits() {
        return violations.stream().allMatch(Violation::limit);
    }
}
