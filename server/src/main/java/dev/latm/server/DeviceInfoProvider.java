package dev.latm.server;

import com.sun.management.OperatingSystemMXBean;
import dev.latm.model.spec.Limits;
import dev.latm.proto.v1.DeviceInfo;
import dev.latm.proto.v1.EngineInfo;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.proto.v1.ReferenceBaseline;
import dev.latm.proto.v1.ServerLimits;
import dev.latm.runtime.EngineRegistry;
import dev.latm.server.measure.WireDtypes;
import dev.latm.server.predict.LoadedPredictors;
import dev.latm.server.predict.ServedPredictor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Describes this device. Hardware and runtime facts are read once, at start; the engines only when
 * first asked, since knowing an engine's version (or why it cannot run here) means creating it, and a
 * server that only ever measures with {@code java} must never load ONNX Runtime. The predictors'
 * live error is read at every call.
 */
final class DeviceInfoProvider {
    private final DeviceInfo facts;
    private final EngineRegistry engines;
    private final Supplier<List<ReferenceBaseline>> baselines;
    private final LoadedPredictors predictors;
    private DeviceInfo described;

    /** @param baselines the device's calibrated reference baselines, read on every call (a calibration adds one) */
    DeviceInfoProvider(ServerConfig config, EngineRegistry engines, MeasurementOptions defaults,
                       Supplier<List<ReferenceBaseline>> baselines, LoadedPredictors predictors) {
        this.facts = facts(config, defaults);
        this.engines = engines;
        this.baselines = baselines;
        this.predictors = predictors;
    }

    /** The device with every engine's version or the reason it cannot run here, its baselines and predictors. */
    DeviceInfo get() {
        DeviceInfo.Builder info = described().toBuilder().addAllBaselines(baselines.get());
        for (ServedPredictor predictor : predictors.all()) {
            info.addPredictors(predictor.info());
        }
        return info.build();
    }

    private synchronized DeviceInfo described() {
        if (described == null) {
            DeviceInfo.Builder info = facts.toBuilder();
            for (EngineRegistry.Status engine : engines.status()) {
                EngineInfo.Builder described = EngineInfo.newBuilder().setName(engine.name())
                        .setVersion(engine.version()).setUnavailableReason(engine.unavailableReason());
                engines.dtypes(engine.name()).stream().sorted().map(WireDtypes::toWire).forEach(described::addDtypes);
                info.addEngines(described);
            }
            described = info.build();
        }
        return described;
    }

    private static DeviceInfo facts(ServerConfig config, MeasurementOptions defaults) {
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
                        .setMaxBatchRequestSize(config.maxBatchSize()).setMaxExportBytes(config.maxExportBytes())
                        .setMaxInterleave(config.maxInterleave()).setMaxInterleaveBytes(config.maxInterleaveBytes()))
                .setDefaults(defaults)
                .setQueueCapacity(config.queueCapacity())
                .setServerVersion(version());
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
