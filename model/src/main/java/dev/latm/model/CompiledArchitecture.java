package dev.latm.model;

import dev.latm.model.ir.CostAnalysis;
import dev.latm.model.ir.CostLimits;
import dev.latm.model.ir.Lowering;
import dev.latm.model.ir.Network;
import dev.latm.model.ir.NetworkCost;
import dev.latm.model.spec.ArchitectureSpec;
import dev.latm.model.spec.ArchitectureSpecs;
import dev.latm.model.spec.InvalidArchitectureException;
import dev.latm.model.spec.Limits;
import dev.latm.model.spec.Violation;
import dev.latm.proto.v1.Architecture;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An architecture taken through the whole front end: validated, normalised, lowered to the IR and
 * costed, with every limit checked. What engines build from.
 *
 * @param id the canonical architecture id: a hash of the normalised spec (name excluded), equal for
 *           any two requests that describe the same network at the same input size and batch
 */
public record CompiledArchitecture(String id, ArchitectureSpec spec, Network network, NetworkCost cost) {

    /** {@link #compile(Architecture, Limits, int, int)} without input overrides. */
    public static CompiledArchitecture compile(Architecture architecture, Limits limits) {
        return compile(architecture, limits, 0, 0);
    }

    /**
     * @param resolution input resolution to use instead of the architecture's, or 0 to keep it
     * @param batch      batch to use instead of the architecture's, or 0 to keep it
     * @throws InvalidArchitectureException with every violation; cost limits are checked only once
     *                                      the fields are valid
     */
    public static CompiledArchitecture compile(Architecture architecture, Limits limits, int resolution, int batch) {
        List<Violation> overrideViolations = new ArrayList<>();
        if (resolution != 0 && (resolution < 32 || resolution > limits.maxResolution())) {
            overrideViolations.add(new Violation("resolution", "must be in [32, " + limits.maxResolution()
                    + "] or 0 for the architecture's own (got " + resolution + ")", resolution > 32));
        }
        if (batch != 0 && (batch < 1 || batch > limits.maxBatch())) {
            overrideViolations.add(new Violation("batch", "must be in [1, " + limits.maxBatch()
                    + "] or 0 for the architecture's own (got " + batch + ")", batch > 1));
        }
        ArchitectureSpec spec;
        try {
            spec = ArchitectureSpecs.fromProto(architecture, limits);
        } catch (InvalidArchitectureException e) {
            overrideViolations.addAll(e.violations());
            throw new InvalidArchitectureException(overrideViolations);
        }
        if (!overrideViolations.isEmpty()) {
            throw new InvalidArchitectureException(overrideViolations);
        }
        spec = spec.withInput(resolution == 0 ? spec.resolution() : resolution, batch == 0 ? spec.batch() : batch);
        Network network = Lowering.lower(spec);
        NetworkCost cost = CostAnalysis.analyze(network);
        CostLimits.check(network, cost, limits);
        return new CompiledArchitecture(canonicalId(spec), spec, network, cost);
    }

    /** The normalised wire form of this architecture (defaults explicit, width already applied). */
    public Architecture normalized() {
        return ArchitectureSpecs.toProto(spec);
    }

    static String canonicalId(ArchitectureSpec spec) {
        byte[] bytes = ArchitectureSpecs.toProto(spec).toBuilder().clearName().build().toByteArray();
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(bytes), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships SHA-256", e);
        }
    }
}
