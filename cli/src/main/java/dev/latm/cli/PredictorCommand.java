package dev.latm.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code latm predictor}: build a device's latency predictor, and judge it. */
@Command(name = "predictor", mixinStandardHelpOptions = true,
        description = {"A latency predictor learned from a device's own measurements: 'build' measures a campaign "
                + "of random networks of a search space and fits one; 'eval' measures fresh networks and says how "
                + "good it is. Serve it with latm server --predictor FILE; use it with latm predict and latm search "
                + "--screen."},
        subcommands = {PredictorBuildCommand.class, PredictorEvalCommand.class})
final class PredictorCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A file beside a predictor file, named after it: {@code p.json} with {@code -eval.png} is {@code p-eval.png}. */
    static Path beside(Path predictorFile, String suffix) {
        String name = predictorFile.getFileName().toString();
        String stem = name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
        return predictorFile.resolveSibling(stem + suffix);
    }
}
