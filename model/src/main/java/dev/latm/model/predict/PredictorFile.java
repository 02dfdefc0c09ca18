package dev.latm.model.predict;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The predictor file: versioned JSON holding the key, the label, the learner with its parameters,
 * the feature layout, the interval, the training summary and the model.
 *
 * <p>JSON rather than protobuf: the file is small (a boosted model is a few hundred kB), a person
 * can read what a device's predictor is keyed by and how good it was, and it needs no change to the
 * wire contract. A reader refuses any other {@code format_version}; adding a field that older
 * readers may ignore keeps the version, changing one's meaning raises it.
 */
public final class PredictorFile {
    /** Identifies the file's kind. */
    public static final String FORMAT = "latm-predictor";
    /** The only version this code reads and writes. */
    public static final int FORMAT_VERSION = 1;

    private PredictorFile() {
    }

    /**
     * Writes atomically: a reader never sees half a file. The file gets the usual permissions (not a
     * temporary file's owner-only ones), so a server running as another user can load it.
     */
    public static void save(LatencyPredictor predictor, Path path) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temporary = parent.resolve(path.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                write(predictor, out);
            }
            Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the predictor file " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * @throws PredictorFormatException naming the file and the field when it cannot be read
     */
    public static LatencyPredictor load(Path path) {
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the predictor file " + path + ": " + e.getMessage(), e);
        } catch (PredictorFormatException e) {
            throw new PredictorFormatException(path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads a predictor and checks it was built for {@code wanted}.
     *
     * @throws IncompatiblePredictorException naming both configurations when it was built for another
     */
    public static LatencyPredictor load(Path path, PredictorKey wanted) {
        LatencyPredictor predictor = load(path);
        try {
            predictor.key().requireMatches(wanted);
        } catch (IncompatiblePredictorException e) {
            throw new IncompatiblePredictorException(path + ": " + e.getMessage());
        }
        return predictor;
    }

    public static void write(LatencyPredictor predictor, Writer out) throws IOException {
        JsonObject json = new JsonObject();
        json.addProperty("format", FORMAT);
        json.addProperty("format_version", FORMAT_VERSION);
        json.add("key", predictor.key().toJson());
        json.addProperty("label", predictor.label().field());
        json.add("learner", predictor.params().toJson());
        json.add("features", Json.strings(Unit.FEATURE_NAMES));
        json.add("interval", predictor.interval().toJson());
        json.add("training", predictor.training().toJson());
        json.add("model", predictor.model().toJson());
        new GsonBuilder().disableHtmlEscaping().create().toJson(json, out);
        out.write('\n');
    }

    public static LatencyPredictor read(Reader in) {
        JsonObject json;
        try {
            JsonElement root = JsonParser.parseReader(in);
            if (!root.isJsonObject()) {
                throw new PredictorFormatException("not a latm predictor file: the top level is not a JSON object");
            }
            json = root.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new PredictorFormatException("not a latm predictor file: invalid JSON (" + e.getMessage() + ")", e);
        }
        // compared as JSON, so that a 'format' that is null, a number, an object or an array is refused too
        if (!new JsonPrimitive(FORMAT).equals(json.get("format"))) {
            throw new PredictorFormatException("not a latm predictor file: 'format' is " + json.get("format")
                    + ", expected \"" + FORMAT + "\"");
        }
        int version = Json.integer(json, "format_version");
        if (version != FORMAT_VERSION) {
            throw new PredictorFormatException("format_version " + version + " is not readable by this latm, which "
                    + "reads version " + FORMAT_VERSION + "; rebuild the predictor or use a matching latm");
        }
        Json.requireNames(json, "features", Unit.FEATURE_NAMES);
        PredictorKey key = PredictorKey.fromJson(Json.object(json, "key"));
        LatencyLabel label = Json.parsed(json, "label", LatencyLabel::parse);
        LearnerParams params = LearnerParams.fromJson(Json.object(json, "learner"));
        PredictionInterval interval = PredictionInterval.fromJson(Json.object(json, "interval"));
        TrainingSummary training = TrainingSummary.fromJson(Json.object(json, "training"));
        LatencyModel model;
        try {
            model = LatencyModel.fromJson(params.learner(), Json.object(json, "model"));
        } catch (PredictorFormatException e) {
            throw new PredictorFormatException("model: " + e.getMessage(), e);
        }
        return new LatencyPredictor(key, label, params, model, interval, training);
    }
}
