package dev.latm.cli;

import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.DeviceInfo;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.MeasurementOptions;
import io.grpc.Context;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/** One device (or the embedded server): MeasureBatch streams of up to the server's batch limit. */
final class StreamBackend extends MeasurementBackend {
    private static final int FALLBACK_STREAM_SIZE = 1000;

    private final Connection connection;
    private final int streamSize;

    private StreamBackend(Connection connection, String description, int streamSize) {
        super(description);
        this.connection = connection;
        this.streamSize = streamSize;
    }

    static StreamBackend open(TargetOptions target, Path store, int callSize) {
        var perCall = target.clientOptions();
        Connection connection = Connection.open(target, store,
                perCall.withDeadline(perCall.deadline().multipliedBy(Math.max(1, callSize))));
        try {
            DeviceInfo info = connection.client().deviceInfo();
            int limit = info.getLimits().getMaxBatchRequestSize();
            String where = target.remote() ? target.target : "the embedded server";
            return new StreamBackend(connection, where + " (device " + info.getDeviceId() + ", MeasureBatch)",
                    limit > 0 ? limit : FALLBACK_STREAM_SIZE);
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    void run(List<Architecture> architectures, MeasurementOptions options, Listener listener) {
        for (int offset = 0; offset < architectures.size(); offset += streamSize) {
            List<Architecture> chunk = architectures.subList(offset, Math.min(architectures.size(),
                    offset + streamSize));
            int base = offset;
            // a cancellable context, so that leaving early (a failed write) cancels the stream on the server
            try (Context.CancellableContext call = Context.current().withCancellation()) {
                call.run(() -> {
                    Iterator<MeasureResponse> stream = connection.client().measureBatch(chunk, options);
                    while (stream.hasNext()) {
                        MeasureResponse response = stream.next();
                        listener.onResult(base + response.getIndex(), response);
                    }
                });
            }
        }
    }

    /** The deadline of one MeasureBatch stream. */
    java.time.Duration streamDeadline() {
        return connection.client().options().deadline();
    }

    @Override
    public void close() {
        connection.close();
    }
}
