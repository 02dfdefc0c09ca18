package dev.latm.server.measure;

import dev.latm.model.spec.Violation;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.runtime.EngineRegistry;
import dev.latm.server.ServerConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves a request's options once, when the request arrives, from the {@link MeasurementOption}
 * table: every unset option gets its default, then every option is checked, and every problem is
 * reported at once with its field path ({@code options.warmup_seconds}) and what is allowed. What
 * passes here runs: nothing downstream checks the options again with rules of its own.
 */
public final class OptionsResolver {
    private final ServerConfig config;
    private final EngineRegistry engines;

    public OptionsResolver(ServerConfig config, EngineRegistry engines) {
        this.config = config;
        this.engines = engines;
    }

    /** The defaults, as GetDeviceInfo reports them (batch and resolution 0: the architecture's). */
    public MeasurementOptions defaults() {
        return withDefaults(MeasurementOptions.getDefaultInstance());
    }

    /** The engine a request that names none gets. */
    public String defaultEngine() {
        return config.defaultEngine();
    }

    /**
     * Batch and resolution keep 0 for "the architecture's"; they are checked when the architecture
     * is compiled ({@link ResolvedOptions#withInputOf}).
     *
     * @throws InvalidRequestException with one violation per bad option
     */
    public ResolvedOptions resolve(MeasurementOptions requested) {
        MeasurementOptions resolved = withDefaults(requested);
        OptionContext context = new OptionContext(config, engines, resolved);
        List<Violation> violations = new ArrayList<>();
        for (MeasurementOption option : MeasurementOption.values()) {
            Violation violation = option.rule().check(option, context);
            if (violation != null) {
                violations.add(violation);
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return new ResolvedOptions(resolved);
    }

    private MeasurementOptions withDefaults(MeasurementOptions requested) {
        MeasurementOptions.Builder resolved = requested.toBuilder();
        OptionContext context = new OptionContext(config, engines, resolved);
        for (MeasurementOption option : MeasurementOption.values()) {
            if (option.defaultValue().value() != null && !resolved.hasField(option.field())) {
                resolved.setField(option.field(), option.defaultValue().value().apply(context));
            }
        }
        return resolved.build();
    }
}
