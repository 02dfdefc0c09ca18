package dev.latm.model.predict;

import com.google.gson.JsonObject;
import dev.latm.proto.v1.DtypeLabel;
import dev.latm.proto.v1.MeasureResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * What a predictor's labels were measured on and for: a latency model holds for one device, one
 * engine build, one thread count, one input size, one batch and one precision, and for nothing else.
 *
 * @param deviceId      the device id the server reports
 * @param engine        {@code onnxruntime} or {@code java}
 * @param engineVersion the engine's version as the server reports it
 * @param threads       intra-op threads
 * @param resolution    input resolution
 * @param batch         batch size
 * @param dtype         the numeric format as {@link DtypeLabel} writes it: {@code float32}, {@code int8}
 */
public record PredictorKey(String deviceId, String engine, String engineVersion, int threads, int resolution,
                           int batch, String dtype) {

    public PredictorKey {
        List<String> problems = new ArrayList<>();
        if (deviceId == null || deviceId.isBlank()) {
            problems.add("device_id: must not be empty");
        }
        if (engine == null || engine.isBlank()) {
            problems.add("engine: must not be empty");
        }
        if (engineVersion == null || engineVersion.isBlank()) {
            problems.add("engine_version: must not be empty");
        }
        if (threads < 1) {
            problems.add("threads: must be >= 1 (got " + threads + ")");
        }
        if (resolution < 1) {
            problems.add("resolution: must be >= 1 (got " + resolution + ")");
        }
        if (batch < 1) {
            problems.add("batch: must be >= 1 (got " + batch + ")");
        }
        if (dtype == null || dtype.isBlank()) {
            problems.add("dtype: must not be empty");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid predictor key: " + String.join("; ", problems));
        }
    }

    /**
     * The configuration a measured result was taken under (its device, engine version and the options
     * as the server applied them).
     *
     * @throws IllegalArgumentException when the result lacks one (a failed candidate's response)
     */
    public static PredictorKey of(MeasureResponse result) {
        return new PredictorKey(result.getDeviceId(), result.getEngine(), result.getEngineVersion(),
                result.getOptions().getThreads(), result.getOptions().getResolution(), result.getOptions().getBatch(),
                DtypeLabel.of(result.getOptions()));
    }

    /**
     * Whether a request for this engine, threads, resolution, batch and dtype is this predictor's to
     * answer, whatever the device and engine version (which a server checks once, when it loads it).
     */
    public boolean serves(String wantedEngine, int wantedThreads, int wantedResolution, int wantedBatch,
                          String wantedDtype) {
        return engine.equals(wantedEngine) && threads == wantedThreads && resolution == wantedResolution
                && batch == wantedBatch && dtype.equals(wantedDtype);
    }

    /** {@code onnxruntime, 1 thread, 224 px, batch 1, float32}: what a request selects a predictor by. */
    public String describeSetup() {
        return describeSetup(engine, threads, resolution, batch, dtype);
    }

    /** {@link #describeSetup()} of a configuration that has no key (yet). */
    public static String describeSetup(String engine, int threads, int resolution, int batch, String dtype) {
        return engine + ", " + options(threads, resolution, batch, dtype);
    }

    /**
     * @throws IncompatiblePredictorException naming every field in which {@code wanted} differs, with
     *                                        both values
     */
    public void requireMatches(PredictorKey wanted) {
        List<String> differences = differences(wanted);
        if (!differences.isEmpty()) {
            throw new IncompatiblePredictorException("the predictor was built for " + this.describe()
                    + " and cannot predict for " + wanted.describe() + ": " + String.join(", ", differences)
                    + "; build one for that configuration");
        }
    }

    /** The fields in which {@code other} differs, as {@code "engine_version 1.23.2 != 1.24.0"}. */
    public List<String> differences(PredictorKey other) {
        List<String> differences = new ArrayList<>();
        differ(differences, "device_id", deviceId, other.deviceId);
        differ(differences, "engine", engine, other.engine);
        differ(differences, "engine_version", engineVersion, other.engineVersion);
        differ(differences, "threads", threads, other.threads);
        differ(differences, "resolution", resolution, other.resolution);
        differ(differences, "batch", batch, other.batch);
        differ(differences, "dtype", dtype, other.dtype);
        return differences;
    }

    /** {@code onnxruntime 1.23.2 on device 'vm', 1 thread, 224 px, batch 1, float32}. */
    public String describe() {
        return engine + " " + engineVersion + " on device '" + deviceId + "', "
                + options(threads, resolution, batch, dtype);
    }

    private static String options(int threads, int resolution, int batch, String dtype) {
        return threads + (threads == 1 ? " thread, " : " threads, ") + resolution + " px, batch " + batch + ", "
                + dtype;
    }

    private static void differ(List<String> differences, String field, Object mine, Object theirs) {
        if (!mine.equals(theirs)) {
            differences.add(field + " " + mine + " != " + theirs);
        }
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("device_id", deviceId);
        json.addProperty("engine", engine);
        json.addProperty("engine_version", engineVersion);
        json.addProperty("threads", threads);
        json.addProperty("resolution", resolution);
        json.addProperty("batch", batch);
        json.addProperty("dtype", dtype);
        return json;
    }

    static PredictorKey fromJson(JsonObject json) {
        return Json.within("key", () -> new PredictorKey(Json.string(json, "device_id"), Json.string(json, "engine"),
                Json.string(json, "engine_version"), Json.integer(json, "threads"), Json.integer(json, "resolution"),
                Json.integer(json, "batch"), Json.string(json, "dtype")));
    }
}
