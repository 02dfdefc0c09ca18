package dev.latm.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import dev.latm.server.TestServers;

/** Runs the CLI in process and keeps what it printed. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = LatmCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Runs {@code command}, then {@code flags} (a test's usual ones), then {@code more} (the case's own). */
    static CliRun of(List<String> command, List<String> flags, String... more) {
        List<String> args = new ArrayList<>(command);
        args.addAll(flags);
        args.addAll(List.of(more));
        return of(args.toArray(String[]::new));
    }

    /**
     * {@code latm calibrate} with {@link TestServers#CHEAP_CALIBRATION_FLAGS} and {@code more}: a baseline
     * for the in-process server in a fraction of a second, where a test then measures anchored (the
     * in-process server's own calibration plan takes seconds and may be refused on a busy machine).
     */
    static CliRun calibrateCheaply(String... more) {
        return of(List.of("calibrate"), TestServers.CHEAP_CALIBRATION_FLAGS, more);
    }
}
