import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.latm.model.spec.Presets;
import dev.latm.server.store.ResultStore;
import java.nio.file.Path;

/**
 * Phase-1 stand-in for what `latm predictor build` will do itself (see dataset.sh):
 *   store STORE.db   every stored result WITH its per-layer profile as JSON lines (`latm results export`
 *                    drops profiles), the input of dev.latm.model.predict.LatencyDataset
 *   presets          one-line architecture JSON per preset at widths 0.75 and 1.0: networks outside the
 *                    bundled search space, for `latm batch`
 */
public class DatasetDump {
    private static final JsonFormat.Printer PRINTER =
            JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("store")) {
            try (ResultStore store = ResultStore.open(Path.of(args[1]))) {
                store.forEach((architecture, result) -> {
                    JsonObject row = JsonParser.parseString(print(result)).getAsJsonObject();
                    row.add("architecture", JsonParser.parseString(print(architecture)));
                    System.out.println(row);
                });
            }
        } else if (args.length == 1 && args[0].equals("presets")) {
            for (String name : Presets.names()) {
                for (double width : new double[] {0.75, 1.0}) {
                    System.out.println(print(Presets.get(name, width).toBuilder().setName(name + "_x" + width)));
                }
            }
        } else {
            System.err.println("usage: DatasetDump store STORE.db | DatasetDump presets");
            System.exit(2);
        }
    }

    private static String print(com.google.protobuf.MessageOrBuilder message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
