package dev.latm.cli;

import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.runtime.EngineRegistry;
import dev.latm.server.ServerConfig;
import dev.latm.server.measure.MeasurementOption;
import dev.latm.server.measure.OptionContext;
import dev.latm.server.measure.OptionRule;
import dev.latm.server.measure.OptionsResolver;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The measurement options every measuring command takes (measure, batch, search): one flag per entry
 * of the options table ({@link MeasurementOption}), which gives its name, help, range and default, so
 * a new option needs nothing here. Only the flags given on the command line are sent; the server
 * fills in the rest with its own defaults, which the help shows as the in-process server's.
 *
 * <p>A command that needs only some of them mixes in a subclass that {@linkplain #offers offers}
 * fewer: {@link Campaign} (a predictor's campaign, whose {@code --samples} counts networks) and
 * {@link PredictorKey} (what selects a predictor).
 */
@Command(modelTransformer = MeasurementFlags.Flags.class)
class MeasurementFlags {
    private final MeasurementOptions.Builder given = MeasurementOptions.newBuilder();

    MeasurementOptions toProto() {
        return given.build();
    }

    /** Whether this command takes {@code option}'s flag: every option, unless a subclass says otherwise. */
    boolean offers(MeasurementOption option) {
        return true;
    }

    /**
     * The options of a measurement campaign: all but {@code --samples} (every run's time), which a
     * campaign has no use for and whose name counts the networks to measure there.
     */
    static final class Campaign extends MeasurementFlags {
        @Override
        boolean offers(MeasurementOption option) {
            return option != MeasurementOption.RETURN_SAMPLES;
        }
    }

    /** The options that select a latency predictor: engine, threads, resolution, batch and dtype. */
    static final class PredictorKey extends MeasurementFlags {
        @Override
        boolean offers(MeasurementOption option) {
            return switch (option) {
                case ENGINE, THREADS, RESOLUTION, BATCH, DTYPE -> true;
                default -> false;
            };
        }
    }

    /** What a calibration uses: which reference, built how (dtype too), and the timing when not the server's. */
    static final class Calibration extends MeasurementFlags {
        private static final Set<MeasurementOption> USED = EnumSet.of(MeasurementOption.REFERENCE,
                MeasurementOption.ENGINE, MeasurementOption.THREADS, MeasurementOption.PRECISION,
                MeasurementOption.MIN_RUNS, MeasurementOption.MAX_RUNS, MeasurementOption.MAX_SECONDS,
                MeasurementOption.WARMUP_RUNS, MeasurementOption.WARMUP_SECONDS, MeasurementOption.DTYPE);

        @Override
        boolean offers(MeasurementOption option) {
            return USED.contains(option);
        }
    }

    /**
     * Adds the table's flags to the command that mixes {@link MeasurementFlags} in, itself or through
     * another mixin ({@link Measuring}): picocli runs this on the command either way.
     */
    static final class Flags implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec command) {
            MeasurementFlags flags = mixins(command).map(CommandSpec::userObject)
                    .filter(MeasurementFlags.class::isInstance).map(MeasurementFlags.class::cast).findFirst()
                    .orElseThrow(() -> new IllegalStateException(command.name() + " does not mix in MeasurementFlags"));
            OptionContext inProcess = inProcessServer();
            for (MeasurementOption option : MeasurementOption.values()) {
                if (flags.offers(option)) {
                    command.addOption(flags.flag(option, inProcess));
                }
            }
            return command;
        }

        private static Stream<CommandSpec> mixins(CommandSpec command) {
            return command.mixins().values().stream().flatMap(mixin -> Stream.concat(Stream.of(mixin), mixins(mixin)));
        }
    }

    private OptionSpec flag(MeasurementOption option, OptionContext inProcess) {
        FieldDescriptor field = option.field();
        OptionSpec.Builder flag = OptionSpec.builder(option.flag()).description(help(option, inProcess))
                .setter(new CommandLine.Model.ISetter() {
                    @Override
                    public <T> T set(T value) {
                        // picocli first sets every option to its initial value (null: not given)
                        if (value != null) {
                            given.setField(field, value);
                        }
                        return null;
                    }
                });
        if (option.label() != null) {
            flag.paramLabel(option.label());
        }
        if (field.getJavaType() == FieldDescriptor.JavaType.ENUM) {
            // converted while parsing, so a bad value is reported like any other flag's
            flag.converters(text -> enumValue(field, text));
        }
        return flag.type(switch (field.getJavaType()) {
            case INT -> Integer.class;
            case LONG -> Long.class;
            case FLOAT -> Float.class;
            case DOUBLE -> Double.class;
            case BOOLEAN -> Boolean.class;
            case STRING -> String.class;
            case ENUM -> EnumValueDescriptor.class;
            case BYTE_STRING, MESSAGE -> throw new IllegalStateException(option + ": no flag for a "
                    + field.getJavaType() + " field");
        }).arity(field.getJavaType() == FieldDescriptor.JavaType.BOOLEAN ? "0" : "1").build();
    }

    /**
     * {@code INT8} or {@code int8} for an enum option; anything else lists the values (in lower case, as
     * help texts show them), without the proto3 {@code *_UNSPECIFIED} value that stands for "not set".
     */
    static EnumValueDescriptor enumValue(FieldDescriptor field, String text) {
        List<EnumValueDescriptor> values = field.getEnumType().getValues().stream()
                .filter(v -> !(v.getNumber() == 0 && v.getName().endsWith("_UNSPECIFIED"))).toList();
        return values.stream().filter(v -> v.getName().equalsIgnoreCase(text)).findFirst()
                .orElseThrow(() -> new CommandLine.TypeConversionException("must be one of " + values.stream()
                        .map(v -> v.getName().toLowerCase(Locale.ROOT)).toList() + " (got '" + text + "')"));
    }

    /** {@code Intra-op threads, in [1, 256] (default: the server's, 1 in process).} */
    static String help(MeasurementOption option, OptionContext inProcess) {
        String text = option.description().replaceAll("\\.$", "");
        String allowed = option.rule().allowed(inProcess, true);
        if (!allowed.isEmpty()) {
            text += ", " + allowed;
        }
        MeasurementOption.Default fallback = option.defaultValue();
        if (fallback.value() != null) {
            String value = shown(fallback.value().apply(inProcess));
            text += " (default: " + (fallback.serverSetting() ? "the server's, " + value + " in process" : value) + ")";
        } else if (!fallback.zeroMeans().isEmpty()) {
            text += " (default: " + fallback.zeroMeans() + ")";
        }
        // picocli formats help text: a literal % must be %%
        return (text + ".").replace("%", "%%");
    }

    private static String shown(Object value) {
        if (value instanceof EnumValueDescriptor enumValue) {
            return enumValue.getName().toLowerCase(Locale.ROOT); // as the flag takes it
        }
        return value instanceof Number number ? OptionRule.number(number.doubleValue()) : String.valueOf(value);
    }

    /** The in-process server's settings and defaults: what a measuring command gets without --target. */
    private static OptionContext inProcessServer() {
        ServerConfig config = ServerConfig.builder().build();
        EngineRegistry engines = EngineRegistry.standard();
        return new OptionContext(config, engines, new OptionsResolver(config, engines).defaults());
    }
}
