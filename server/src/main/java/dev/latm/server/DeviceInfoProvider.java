package dev.latm.server;

import com.sun.management.OperatingSystemMXBean;
import dev.latm.model.spec.Limits;
import dev.latm.proto.v1.DeviceInfo;
import dev.latm.proto.v1.EngineInfo;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.proto.v1.ServerLimits;
import dev.latm.runtime.Engine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/** Describes this device once: hardware and runtime facts do not change while a server runs. */
final class DeviceInfoProvider {
    private DeviceInfoProvider() {
    }

    static DeviceInfo describe(ServerConfig config, Collection<Engine> engines, MeasurementOptions defaults) {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Limits limits = config.limits();
        DeviceInfo.Builder info = DeviceInfo.newBuilder()
                .setDeviceId(config.deviceId())
                .setHostname(DeviceIds.local())
                .setCpuModel(cpuModel())
                .setLogicalCores(Runtime.getRuntime().availableProcessors())
                .setMemoryBytes(os.getTotalMemorySize())
                .setOs(System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"))
                .setJvm(System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"))
                .setLimits(ServerLimits.newBuilder()
                        .setMaxResolution(limits.maxResolution()).setMaxChannels(limits.maxChannels())
                        .setMaxRepeats(limits.maxRepeats()).setMaxStages(limits.maxStages())
                        .setMaxBatch(limits.maxBatch()).setMaxMacs(limits.maxMacs())
                        .setMaxParams(limits.maxParams()).setMaxActivationBytes(limits.maxActivationBytes())
                        .setMaxRuns(config.maxRuns()).setMaxSeconds(config.maxSeconds())
                        .setMaxBatchRequestSize(config.maxBatchSize()))
                .setDefaults(defaults)
                .setQueueCapacity(config.queueCapacity())
                .setServerVersion(version());
        for (Engine engine : engines) {
            info.addEngines(EngineInfo.newBuilder().setName(engine.name()).setVersion(engine.version()));
        }
        return info.build();
    }

    static String version() {
        String version = DeviceInfoProvider.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    /** The "model name" line of /proc/cpuinfo on Linux; the architecture elsewhere. */
    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException | SecurityException e) {
            // not Linux, or not readable: fall through to what the JVM knows
        }
        return System.getProperty("os.arch");
    }
}
