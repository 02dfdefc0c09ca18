// DeadlineBuild: how long the measurement worker stays busy after a 300 ms deadline passes mid-build.
//
// The hostile probe's figure (issue 12): a large network's build kept the device's one worker busy
// 10.9 s (onnxruntime) and 2.7 s (java) after its caller's 300 ms deadline. A real server on loopback,
// per engine: a Measure of a 155M-parameter network (a 4096-channel stem and one 3 x 3 convolution of
// 4096 channels at 32 px) with a 300 ms deadline, then at once a tiny Measure; the time until the tiny
// one is answered, less the deadline and a tiny measurement's own time, is how long the worker kept
// building after the deadline. A build stops at its next step (see Engine.build with a cancellation
// flag): what remains is the step that was running, which max_params bounds.
//
// Run:   bench/run DeadlineBuild [onnxruntime|java ...]   (needs ~3 GB of heap; tens of seconds)

import dev.latm.client.ClientOptions;
import dev.latm.client.LatmClient;
import dev.latm.model.spec.ArchitectureJson;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.server.LatmServer;
import dev.latm.server.ServerConfig;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;

public final class DeadlineBuild {
    private static final Architecture LARGE = ArchitectureJson.parse("{\"name\": \"large\", \"input\": "
            + "{\"resolution\": 32}, \"stem\": {\"out_channels\": 4096, \"stride\": 2}, \"stages\": [{\"repeats\": 1, "
            + "\"block\": {\"op\": \"CONV\", \"kernel_size\": 3, \"out_channels\": 4096}}], \"head\": {}}");
    private static final Architecture TINY = ArchitectureJson.parse("{\"input\": {\"resolution\": 32}, \"stem\": "
            + "{\"out_channels\": 8}, \"stages\": [{\"repeats\": 1, \"block\": {\"op\": \"CONV\", \"kernel_size\": 3, "
            + "\"out_channels\": 8}}], \"head\": {}}");

    private DeadlineBuild() {
    }

    public static void main(String[] args) throws Exception {
        List<String> engines = args.length == 0 ? List.of("onnxruntime", "java") : List.of(args);
        LatmServer server = new LatmServer(ServerConfig.builder().build()).start();
        String target = "127.0.0.1:" + server.port();
        try (LatmClient patient = LatmClient.connect(ClientOptions.plaintext(target)
                     .withDeadline(Duration.ofMinutes(10)));
             LatmClient hasty = LatmClient.connect(ClientOptions.plaintext(target)
                     .withDeadline(Duration.ofMillis(300)))) {
            patient.deviceInfo(); // connects, and creates the engines before anything is timed
            for (String engine : engines) {
                MeasurementOptions options = MeasurementOptions.newBuilder().setEngine(engine).setMinRuns(1)
                        .setMaxRuns(1).setWarmupRuns(1).setWarmupSeconds(0.001).setForce(true).build();
                patient.measure(TINY, options); // warm
                long tinyStart = System.nanoTime();
                patient.measure(TINY, options);
                double tinySeconds = (System.nanoTime() - tinyStart) / 1e9;

                long start = System.nanoTime();
                String status = "OK";
                try {
                    hasty.measure(LARGE, options);
                } catch (StatusRuntimeException e) {
                    status = e.getStatus().getCode().toString();
                }
                patient.measure(TINY, options);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("%-12s large build %s; worker busy %.2f s after the 300 ms deadline "
                        + "(next answer after %.2f s, a tiny measurement takes %.2f s)%n", engine, status,
                        seconds - 0.3 - tinySeconds, seconds, tinySeconds);
            }
        } finally {
            server.stop();
        }
    }
}
