package dev.latm.model.spec;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown with every violation found in an architecture, never just the first. */
public final class InvalidArchitectureException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient List<Violation> violations;

    public InvalidArchitectureException(List<Violation> violations) {
        super(describe(violations));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an invalid architecture needs at least one violation");
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

    private static String describe(List<Violation> violations) {
        return violations.size() + (violations.size() == 1 ? " violation" : " violations") + ": "
                + violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    }
}
