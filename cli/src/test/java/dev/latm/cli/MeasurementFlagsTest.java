package dev.latm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.latm.proto.v1.Block;
import dev.latm.proto.v1.Dtype;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.server.measure.MeasurementOption;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;

/** The measuring commands' flags come from the options table; only what is given is sent. */
class MeasurementFlagsTest {

    @Test
    void onlyTheFlagsGivenAreSentSoTheServerFillsInItsOwnDefaults() {
        assertEquals(MeasurementOptions.getDefaultInstance(), parsed("measure", "--preset", "mobilenet_v3_small"));
        assertEquals(MeasurementOptions.newBuilder().setEngine("java").setThreads(2).setWarmupSeconds(0.5)
                        .setReturnSamples(true).setSeed(7).build(),
                parsed("batch", "--archs", "a.jsonl", "--engine", "java", "--threads", "2", "--warmup-seconds", "0.5",
                        "--samples", "--seed", "7"));
    }

    @Test
    void everyCommandThatMeasuresHasEveryOptionOfTheTableWithItsDefaultInTheHelp() {
        for (String command : new String[] {"measure", "batch", "search"}) {
            CliRun help = CliRun.of(command, "--help");
            String text = help.out().replaceAll("\\s+", " ");
            for (MeasurementOption option : MeasurementOption.values()) {
                assertTrue(text.contains(option.flag()), command + " lacks " + option.flag());
            }
            assertTrue(text.contains("(default: 0.2)"), text);
            assertTrue(text.contains("in [1, 256] (default: the server's, 1 in process)"), text);
        }
    }

    @Test
    void aBadValueIsABadFlag() {
        CliRun run = CliRun.of("measure", "--preset", "mobilenet_v3_small", "--min-runs", "many");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("Invalid value for option '--min-runs': 'many' is not an int"), run.err());
    }

    /** An enum option's flag takes the value's name in any case, and lists the others for anything else. */
    @Test
    void enumFlagsTakeAValueNameAndListTheOthers() {
        assertEquals(MeasurementOptions.newBuilder().setDtype(Dtype.INT8).build(),
                parsed("measure", "--preset", "mobilenet_v3_small", "--dtype", "int8"));
        assertEquals(MeasurementOptions.newBuilder().setDtype(Dtype.FLOAT32).build(),
                parsed("measure", "--preset", "mobilenet_v3_small", "--dtype", "FLOAT32"));
        CliRun int4 = CliRun.of("measure", "--preset", "mobilenet_v3_small", "--dtype", "int4");
        assertEquals(2, int4.exitCode());
        assertTrue(int4.err().contains("Invalid value for option '--dtype': must be one of [float32, int8] "
                + "(got 'int4')"), int4.err());
        String help = CliRun.of("measure", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("float32 or int8 (int8 on onnxruntime only) (default: float32)"), help);

        FieldDescriptor op = Block.getDescriptor().findFieldByName("op");

        assertEquals("INVERTED_BOTTLENECK", MeasurementFlags.enumValue(op, "inverted_bottleneck").getName());
        CommandLine.TypeConversionException e = assertThrows(CommandLine.TypeConversionException.class,
                () -> MeasurementFlags.enumValue(op, "dense"));
        assertTrue(e.getMessage().startsWith("must be one of [") && e.getMessage().endsWith("(got 'dense')"),
                e.getMessage());
    }

    private static MeasurementOptions parsed(String... args) {
        CommandLine.ParseResult result = LatmCli.commandLine().parseArgs(args);
        Object command = result.subcommand().commandSpec().userObject();
        return command instanceof MeasureCommand m ? m.measurement.toProto()
                : ((BatchCommand) command).measuring.measurement.toProto();
    }
}
