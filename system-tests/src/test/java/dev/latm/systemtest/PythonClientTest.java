package dev.latm.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.runtime.RequiredTools;
import dev.latm.server.LatmServer;
import dev.latm.server.ServerConfig;
import dev.latm.server.TestServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The independent Python client ({@code client/python/latm_client.py}, Debian's python3-grpcio) against
 * the real server on a loopback port: the contract over reflection, Measure, GetDeviceInfo, status
 * codes and the bearer token all cross a second gRPC implementation. Skipped where
 * {@code /usr/bin/python3} cannot import grpc, unless {@code LATM_REQUIRE_TOOLS=1} (CI sets it).
 */
class PythonClientTest {
    /** Debian's python, where python3-grpcio installs; a pyenv python3 on PATH usually lacks grpc. */
    private static final String PYTHON = "/usr/bin/python3";
    private static final Path SCRIPT = Path.of("client", "python", "latm_client.py");
    private static final String TOKEN = "python-client-test-token";
    /** Small and few: the test is about the wire, not the numbers. */
    private static final List<String> FAST = List.of("--resolution", "64", "--min-runs", "3", "--max-runs", "5",
            "--warmup-runs", "1", "--warmup-seconds", "0.01", "--warmup-budget-seconds", "0.2");
    private static final double TARGET_MS = 5.0;
    private static final Pattern TRIAL = Pattern.compile(
            "(?m)^trial (\\d+)/(\\d+) +LAT ([0-9.]+) ms .* PROXY-ACC ([0-9.]+) +reward ([0-9.]+) ");

    private static Path script;
    private static LatmServer server;
    private static LatmServer tokenServer;

    @BeforeAll
    static void startServers() throws Exception {
        RequiredTools.assumePythonImports(PYTHON, "grpc, google.protobuf", "python3-grpcio");
        script = repositoryRoot().resolve(SCRIPT);
        ServerConfig config = TestServers.loopback().build();   // a cheap calibration of the reference
        server = new LatmServer(config).start();
        tokenServer = new LatmServer(config.toBuilder().authToken(TOKEN).build()).start();
    }

    @AfterAll
    static void stopServers() throws InterruptedException {
        for (LatmServer running : new LatmServer[] {server, tokenServer}) {
            if (running != null) {
                running.stop();
            }
        }
    }

    @Test
    void searchPrintsLatencyProxyAccuracyAndMnasRewardPerTrial() throws Exception {
        Result result = client(server, "--trials", "2", "--seed", "7", "--target-ms", String.valueOf(TARGET_MS));

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("ACC is a PROXY, not a real accuracy"), result.output());
        Matcher trial = TRIAL.matcher(result.output());
        int trials = 0;
        while (trial.find()) {
            trials++;
            assertEquals(trials + "/2", trial.group(1) + "/" + trial.group(2), result.output());
            double latencyMs = Double.parseDouble(trial.group(3));
            double accuracy = Double.parseDouble(trial.group(4));
            assertTrue(latencyMs > 0, "LAT must be positive: " + trial.group());
            assertTrue(accuracy > 0 && accuracy < 1, "proxy ACC must be in (0, 1): " + trial.group());
            // R(m) = ACC(m) * (LAT(m) / T)^-0.07, recomputed here from the printed (rounded) values.
            double reward = accuracy * Math.pow(latencyMs / TARGET_MS, -0.07);
            assertEquals(reward, Double.parseDouble(trial.group(5)), 1e-3, trial.group());
        }
        assertEquals(2, trials, result.output());
        assertTrue(result.output().contains("best: trial "), result.output());
    }

    @Test
    void infoPrintsTheServersDeviceInfo() throws Exception {
        Result result = client(server, "--info");

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("\"device_id\": \"" + ServerConfig.builder().build().deviceId() + "\""),
                result.output());
        assertTrue(result.output().contains("\"name\": \"onnxruntime\""), result.output());
    }

    @Test
    void invalidOptionsComeBackAsTheServersViolations() throws Exception {
        Result result = client(server, "--trials", "1", "--resolution", "8");

        assertEquals(3, result.exitCode(), result.output());
        assertTrue(result.output().contains("INVALID_ARGUMENT"), result.output());
        assertTrue(result.output().contains("options.resolution"), result.output());
    }

    @Test
    void bearerTokenIsSentOnReflectionAndMeasure(@TempDir Path directory) throws Exception {
        Path tokenFile = Files.writeString(directory.resolve("token"), TOKEN + "\n");

        Result refused = client(tokenServer, "--trials", "1");
        Result accepted = client(tokenServer, "--trials", "1", "--token-file", tokenFile.toString());

        assertEquals(3, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("UNAUTHENTICATED"), refused.output());
        assertEquals(0, accepted.exitCode(), accepted.output());
        assertTrue(TRIAL.matcher(accepted.output()).find(), accepted.output());
    }

    @Test
    void unreachableServerExitsWithFour() throws Exception {
        LatmServer stopped = new LatmServer(ServerConfig.builder().build()).start();
        int port = stopped.port();
        stopped.stop();

        Result result = run(List.of("--target", "127.0.0.1:" + port, "--info", "--timeout", "10"));

        assertEquals(4, result.exitCode(), result.output());
        assertTrue(result.output().contains("UNAVAILABLE"), result.output());
    }

    private static Result client(LatmServer target, String... args) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("--target", "127.0.0.1:" + target.port()));
        arguments.addAll(FAST);
        arguments.addAll(List.of(args)); // after FAST: argparse keeps the last value, so a test can override
        return run(arguments);
    }

    private static Result run(List<String> arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString()));
        command.addAll(arguments);
        return exec(command);
    }

    /** The checkout's root: the nearest directory up from here holding the Python client. */
    private static Path repositoryRoot() {
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            if (Files.isRegularFile(directory.resolve(SCRIPT))) {
                return directory;
            }
        }
        throw new AssertionError("no " + SCRIPT + " in " + Path.of("").toAbsolutePath() + " or above");
    }

    private static Result exec(List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("latm-python-client", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
            Process process = builder.start();
            // To a file, not a pipe: a client stuck on the network cannot block the test on a read.
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("python client did not finish in 3 minutes: "
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private record Result(int exitCode, String output) {
    }
}
