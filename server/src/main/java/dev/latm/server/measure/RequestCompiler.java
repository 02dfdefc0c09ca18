package dev.latm.server.measure;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.spec.InvalidArchitectureException;
import dev.latm.model.spec.Limits;
import dev.latm.model.spec.Violation;
import dev.latm.proto.v1.Architecture;
import java.util.List;

/**
 * Compiles the architecture of a request, naming violations by their path in the request message
 * ({@code architecture.stages[0].block.kernel_size}, {@code options.resolution}), which is where a
 * client has to look.
 */
public final class RequestCompiler {
    private RequestCompiler() {
    }

    /**
     * @throws InvalidRequestException with every violation, named by its path in the request
     * @param overridesField the request field that holds the resolution and batch overrides, e.g.
     *                       {@code options} for MeasureRequest, or "" when they are top-level fields
     */
    public static CompiledArchitecture compile(Architecture architecture, Limits limits, int resolution, int batch,
                                               String overridesField) {
        try {
            return CompiledArchitecture.compile(architecture, limits, resolution, batch);
        } catch (InvalidArchitectureException e) {
            throw new InvalidRequestException(prefixed(e.violations(), overridesField));
        }
    }

    static List<Violation> prefixed(List<Violation> violations, String overridesField) {
        String overrides = overridesField.isEmpty() ? "" : overridesField + ".";
        return violations.stream().map(v -> {
            boolean override = v.field().equals("resolution") || v.field().equals("batch");
            // cost limits name the whole network ("architecture"), which is already the request's path
            boolean wholeArchitecture = v.field().equals("architecture");
            String field = override ? overrides + v.field()
                    : wholeArchitecture ? v.field() : "architecture." + v.field();
            return new Violation(field, v.description(), v.limit());
        }).toList();
    }
}
