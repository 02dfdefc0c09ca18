package dev.latm.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.cli.LatmCli;
import dev.latm.model.spec.Presets;
import dev.latm.proto.v1.LatencyServiceGrpc;
import dev.latm.proto.v1.MeasureRequest;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.server.LatmServer;
import dev.latm.server.TestServers;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The deployment files under docker/ without a container: the standard tools and latm's cross-file
 * rules ({@code docker/validate.sh}), with every {@code LATM_} variable they set checked against the
 * server's own options, and the dashboard's metric names against a live scrape of a real server.
 * The image itself is built and run by {@code docker/test-image.sh} (in {@code .ci/run}).
 */
class DeploymentFilesTest {

    private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:(LATM_[A-Z0-9_]+)");

    @Test
    void dockerDirectoryPassesValidationAgainstTheServersSettings(@TempDir Path dir) throws Exception {
        Path settings = dir.resolve("settings.txt");
        Files.write(settings, serverSettings());
        ExternalTools.Result result = ExternalTools.run(ExternalTools.repoRoot(), List.of("bash", "docker/validate.sh"),
                Map.of("LATM_SERVER_SETTINGS", settings.toString()));
        ExternalTools.assumeAvailable(result.exitCode() != 2,
                "promtool, yamllint, docker-compose or python3-yaml (" + result.output() + ")");
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("all docker/ checks passed"), result.output());
        assertTrue(result.output().contains(serverSettings().size() + " server settings"), result.output());
    }

    @Test
    void theServerReadsItsSettingsFromLatmVariables() {
        assertTrue(serverSettings().containsAll(List.of("LATM_PORT", "LATM_METRICS_PORT", "LATM_BIND", "LATM_STORE",
                "LATM_SHUTDOWN_GRACE")), serverSettings().toString());
    }

    /** The LATM_ variables `latm server` reads: the env defaults of its options, uninterpolated. */
    private static List<String> serverSettings() {
        CommandLine cli = LatmCli.commandLine();
        cli.setInterpolateVariables(false);
        return cli.getSubcommands().get("server").getCommandSpec().options().stream()
                .map(option -> option.defaultValue() == null ? null : ENV_DEFAULT.matcher(option.defaultValue()))
                .filter(matcher -> matcher != null && matcher.find())
                .map(matcher -> matcher.group(1))
                .sorted()
                .toList();
    }

    @Test
    void everyMetricTheDashboardQueriesIsScrapedFromARealServer(@TempDir Path dir) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        ExternalTools.assumeAvailable(Files.isExecutable(python), "/usr/bin/python3");
        LatmServer server = new LatmServer(TestServers.loopback().metricsPort(0).build()).start();
        try {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
            try {
                LatencyServiceGrpc.LatencyServiceBlockingStub stub = LatencyServiceGrpc.newBlockingStub(channel);
                MeasurementOptions cheap = MeasurementOptions.newBuilder().setResolution(64).setMinRuns(3)
                        .setMaxRuns(5).setWarmupRuns(1).setWarmupSeconds(0.01).setWarmupBudgetSeconds(0.2).build();
                stub.measure(MeasureRequest.newBuilder().setArchitecture(Presets.get("mobilenet_v3_small"))
                        .setOptions(cheap).build());
                try {
                    stub.measure(MeasureRequest.newBuilder().setOptions(cheap).build());
                } catch (StatusRuntimeException expected) {
                    // an invalid request, so that a non-OK status code series exists too
                }
            } finally {
                channel.shutdownNow();
            }
            System.gc(); // jvm_gc_pause_seconds appears after the first collection
            HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.metricsPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, scrape.statusCode());
            Path scrapeFile = dir.resolve("scrape.txt");
            Files.writeString(scrapeFile, scrape.body());
            ExternalTools.Result check = ExternalTools.run(ExternalTools.repoRoot(),
                    List.of(python.toString(), "docker/dashboard_metrics.py", scrapeFile.toString()));
            assertEquals(0, check.exitCode(), "dashboard metrics missing from a live scrape:\n" + check.output());
        } finally {
            server.stop();
        }
    }
}
