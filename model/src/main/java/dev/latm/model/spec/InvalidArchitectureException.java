package dev.latm.model.spec;

import java.util.List;

/**
 * An architecture with every violation found in it; field paths are relative to the architecture
 * ({@code stages[3].block.kernel_size}).
 */
public final class InvalidArchitectureException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    public InvalidArchitectureException(List<Violation> violations) {
        super(violations);
    }
}
