package dev.latm.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link SignalledServer} in a JVM of its own, for what only a process shows: signals, exit status,
 * a small heap. Its output goes to files in {@code dir}; closing it kills it if it still runs.
 */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final int grpcPort;
    private final int metricsPort;

    private ServerProcess(Process process, Path stdout, Path stderr, int grpcPort, int metricsPort) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.grpcPort = grpcPort;
        this.metricsPort = metricsPort;
    }

    /**
     * @param jvmOptions e.g. {@code -Xmx256m}
     * @param args       {@link SignalledServer}'s arguments
     */
    static ServerProcess start(Path dir, List<String> jvmOptions, String... args)
            throws IOException, InterruptedException {
        Path stdout = dir.resolve("server.out");
        Path stderr = dir.resolve("server.err");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                SignalledServer.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .start();
        try {
            Await.until("the server process prints its ports", () -> portsLine(stdout) != null || !process.isAlive());
            String line = portsLine(stdout);
            if (line == null) {
                throw new AssertionError("the server process ended before serving:\n" + Files.readString(stderr));
            }
            String[] ports = line.split(" ");
            return new ServerProcess(process, stdout, stderr, Integer.parseInt(ports[1]), Integer.parseInt(ports[2]));
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            process.destroyForcibly().waitFor();
            throw e;
        }
    }

    int grpcPort() {
        return grpcPort;
    }

    int metricsPort() {
        return metricsPort;
    }

    Process process() {
        return process;
    }

    /** Waits for the process to exit (bounded) and returns its status. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(Await.TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("the server process did not exit within " + Await.TIMEOUT.toSeconds() + " s");
        }
        return process.exitValue();
    }

    /** Everything it printed so far. */
    String log() throws IOException {
        return Files.readString(stdout) + Files.readString(stderr);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    private static String portsLine(Path stdout) {
        try {
            return Files.readAllLines(stdout).stream().filter(line -> line.startsWith("ports ")).findFirst()
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }
}
