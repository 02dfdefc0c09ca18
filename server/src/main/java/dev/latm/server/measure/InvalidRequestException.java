package dev.latm.server.measure;

import dev.latm.model.spec.InvalidInputException;
import dev.latm.model.spec.Violation;
import java.util.List;

/**
 * A request the server will not measure as asked, with every violation found in it (its architecture
 * and its options), each named by its path in the request message: {@code options.warmup_seconds},
 * {@code architecture.stages[0].block.kernel_size}. The service answers INVALID_ARGUMENT, or
 * RESOURCE_EXHAUSTED when every violation is a server limit.
 */
public final class InvalidRequestException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    public InvalidRequestException(List<Violation> violations) {
        super(violations);
    }
}
