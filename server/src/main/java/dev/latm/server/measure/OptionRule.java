package dev.latm.server.measure;

import dev.latm.model.spec.Presets;
import dev.latm.model.spec.Violation;
import dev.latm.proto.v1.MeasurementOptionsOrBuilder;
import dev.latm.runtime.Dtype;
import dev.latm.server.ServerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * What values an option allows. One rule both checks a request ({@link #check}) and says what is
 * allowed ({@link #allowed}), so the CLI help and a violation's text cannot drift apart.
 */
public interface OptionRule {

    /** Any value. */
    OptionRule ANY = new OptionRule() {
        @Override
        public Violation check(MeasurementOption option, OptionContext context) {
            return null;
        }

        @Override
        public String allowed(OptionContext context, boolean forHelp) {
            return "";
        }
    };

    /**
     * Checked when the architecture is compiled (batch, resolution): only then is the input they
     * override, and the limit it must stay under, known. Checked there only, so reported once.
     */
    OptionRule WITH_ARCHITECTURE = ANY;

    /** One of the server's engines, with the registry's text for any other. */
    OptionRule ENGINE = new OptionRule() {
        @Override
        public Violation check(MeasurementOption option, OptionContext context) {
            String engine = (String) context.resolved().getField(option.field());
            return context.engines().contains(engine) ? null
                    : Violation.invalid(option.path(), context.engines().unknown(engine));
        }

        @Override
        public String allowed(OptionContext context, boolean forHelp) {
            return "one of " + String.join(", ", context.engines().names());
        }
    };

    /** A preset name, or {@code none}. */
    OptionRule REFERENCE = new OptionRule() {
        @Override
        public Violation check(MeasurementOption option, OptionContext context) {
            String reference = (String) context.resolved().getField(option.field());
            return reference.equals(ServerConfig.NO_REFERENCE) || Presets.names().contains(reference) ? null
                    : Violation.invalid(option.path(), "must be " + allowed(context, false) + " (got '" + reference
                            + "')");
        }

        @Override
        public String allowed(OptionContext context, boolean forHelp) {
            return "a preset (" + String.join(", ", Presets.names()) + ") or " + ServerConfig.NO_REFERENCE;
        }
    };

    /**
     * A numeric format the request's engine runs. Decided from the registry's declarations, so no engine
     * is loaded to refuse a request; a refusal names the engines that do run the format.
     */
    OptionRule DTYPE = new OptionRule() {
        @Override
        public Violation check(MeasurementOption option, OptionContext context) {
            MeasurementOptionsOrBuilder resolved = context.resolved();
            if (resolved.getDtype() == dev.latm.proto.v1.Dtype.UNRECOGNIZED) {
                return Violation.invalid(option.path(), "must be " + WireDtypes.choices(false) + " (got "
                        + resolved.getDtypeValue() + ")");
            }
            String engine = resolved.getEngine();
            if (!context.engines().contains(engine)) {
                return null; // the engine's own rule reports it
            }
            Dtype dtype = WireDtypes.of(resolved.getDtype());
            Set<Dtype> runs = context.engines().dtypes(engine);
            if (runs.contains(dtype)) {
                return null;
            }
            List<String> supporting = context.engines().supporting(dtype);
            return Violation.invalid(option.path(), "the " + engine + " engine does not run " + dtype + " (it runs "
                    + String.join(", ", runs.stream().sorted().map(Dtype::name).toList()) + "); " + dtype
                    + (supporting.isEmpty() ? " runs on no engine of this server"
                            : " runs on " + String.join(", ", supporting)));
        }

        @Override
        public String allowed(OptionContext context, boolean forHelp) {
            List<String> restricted = new ArrayList<>();
            for (Dtype dtype : Dtype.values()) {
                List<String> supporting = context.engines().supporting(dtype);
                if (supporting.size() < context.engines().names().size()) {
                    restricted.add((forHelp ? dtype.label() : dtype.name()) + " on "
                            + (supporting.isEmpty() ? "no engine" : String.join(", ", supporting)) + " only");
                }
            }
            return WireDtypes.choices(forHelp)
                    + (restricted.isEmpty() ? "" : " (" + String.join("; ", restricted) + ")");
        }
    };

    /** The violation of the resolved value of {@code option}, or null when it is allowed. */
    Violation check(MeasurementOption option, OptionContext context);

    /**
     * What is allowed, e.g. {@code in [1, 256]}; empty when anything is.
     *
     * @param forHelp name other options by their flag ({@code --max-seconds}) rather than their request
     *                path ({@code options.max_seconds})
     */
    String allowed(OptionContext context, boolean forHelp);

    /**
     * A numeric interval. Beyond a {@linkplain Bound#serverLimit server limit} the request is well-formed
     * but refused (RESOURCE_EXHAUSTED); anywhere else outside it is invalid.
     *
     * @param high the upper bound, or null for none
     */
    record Range(Bound low, Bound high) implements OptionRule {

        static Range of(Bound low, Bound high) {
            return new Range(low, high);
        }

        @Override
        public Violation check(MeasurementOption option, OptionContext context) {
            double value = ((Number) context.resolved().getField(option.field())).doubleValue();
            String got = " (got " + number(value) + ")";
            boolean fromAbove = low.admitsFromAbove(value, context);   // false for NaN too
            if (fromAbove && high != null && high.limit() && !high.admitsFromBelow(value, context)) {
                return Violation.overLimit(option.path(), "must be at most " + high.describe(context, false) + got);
            }
            if (!fromAbove || (high != null && !high.admitsFromBelow(value, context))) {
                return Violation.invalid(option.path(), "must be " + allowed(context, false) + got);
            }
            return null;
        }

        @Override
        public String allowed(OptionContext context, boolean forHelp) {
            String from = low.describe(context, forHelp);
            if (high == null) {
                return (low.inclusive() ? ">= " : "> ") + from;
            }
            return "in " + (low.inclusive() ? "[" : "(") + from + ", " + high.describe(context, forHelp)
                    + (high.inclusive() ? "]" : ")");
        }
    }

    /**
     * One end of a {@link Range}: a number, another option's resolved value, or a server limit.
     *
     * @param other the wire name of the option this bound is, or null
     */
    record Bound(ToDoubleFunction<OptionContext> value, boolean inclusive, boolean limit, String other) {

        static Bound atLeast(double min) {
            return new Bound(c -> min, true, false, null);
        }

        static Bound above(double min) {
            return new Bound(c -> min, false, false, null);
        }

        static Bound atMost(double max) {
            return new Bound(c -> max, true, false, null);
        }

        static Bound below(double max) {
            return new Bound(c -> max, false, false, null);
        }

        static Bound atLeastOption(String wireName, ToDoubleFunction<OptionContext> value) {
            return new Bound(value, true, false, wireName);
        }

        static Bound atMostOption(String wireName, ToDoubleFunction<OptionContext> value) {
            return new Bound(value, true, false, wireName);
        }

        /** A setting of the server ({@code --max-runs}): exceeding it is refused, not invalid. */
        static Bound serverLimit(ToDoubleFunction<OptionContext> value) {
            return new Bound(value, true, true, null);
        }

        boolean admitsFromAbove(double candidate, OptionContext context) {
            double bound = value.applyAsDouble(context);
            return otherIsInvalid(context) || (inclusive ? candidate >= bound : candidate > bound);
        }

        boolean admitsFromBelow(double candidate, OptionContext context) {
            double bound = value.applyAsDouble(context);
            return otherIsInvalid(context) || (inclusive ? candidate <= bound : candidate < bound);
        }

        /**
         * An invalid option is reported once, by itself, not again by every option bounded by it. (So a
         * bound may name only an option whose own rule names no other.)
         */
        private boolean otherIsInvalid(OptionContext context) {
            if (other == null) {
                return false;
            }
            MeasurementOption option = MeasurementOption.byWireName(other);
            return option.rule().check(option, context) != null;
        }

        String describe(OptionContext context, boolean forHelp) {
            String number = number(value.applyAsDouble(context));
            if (other != null) {
                MeasurementOption option = MeasurementOption.byWireName(other);
                return forHelp ? option.flag() : option.path() + " = " + number;
            }
            return limit ? "the server limit " + number : number;
        }
    }

    /** {@code 50}, not {@code 50.0}; {@code 0.2} as it is. */
    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value);
    }
}
