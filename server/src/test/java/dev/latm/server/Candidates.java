package dev.latm.server;

import dev.latm.model.spec.Presets;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.Block;
import dev.latm.proto.v1.ConvOp;
import dev.latm.proto.v1.Head;
import dev.latm.proto.v1.Input;
import dev.latm.proto.v1.MeasureRequest;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.proto.v1.Stage;
import dev.latm.proto.v1.Stem;

/** Small networks and cheap options, so tests measure for real and still stay fast on 2 cores. */
final class Candidates {
    static final int RESOLUTION = 64;

    private Candidates() {
    }

    /** mobilenet_v3_small (named so); measured at {@link #RESOLUTION} by {@link #quick()}. */
    static Architecture small() {
        return Presets.get("mobilenet_v3_small");
    }

    /**
     * 64 px, 5 to 20 timed runs (pairs, anchored to the default reference) after 2 warm-up runs / 10 ms
     * and at most 0.2 s of them: a fraction of a second.
     */
    static MeasurementOptions quick() {
        return MeasurementOptions.newBuilder().setResolution(RESOLUTION).setMinRuns(5).setMaxRuns(20)
                .setWarmupRuns(2).setWarmupSeconds(0.01).setWarmupBudgetSeconds(0.2).build();
    }

    /**
     * A measurement that runs until it is cancelled: 100,000 timed runs (the loopback default's
     * limit) within 600 s, the most the server allows; min_runs = max_runs, so the precision rule
     * cannot end it early.
     */
    static MeasurementOptions untilCancelled() {
        return quick().toBuilder().setMinRuns(100_000).setMaxRuns(100_000).setMaxSeconds(600).build();
    }

    /**
     * A stem and one 3 x 3 convolution of {@code channels} at {@code resolution}, no head: the plainest way
     * to make a network heavy in parameters (channels squared) or in activations (resolution squared).
     *
     * @param stemStride 1 keeps the full resolution through the stem
     */
    static Architecture oneConvolution(int resolution, int channels, int stemStride) {
        return Architecture.newBuilder().setInput(Input.newBuilder().setResolution(resolution))
                .setStem(Stem.newBuilder().setOutChannels(channels).setStride(stemStride))
                .addStages(Stage.newBuilder().setRepeats(1).setBlock(Block.newBuilder().setOp(ConvOp.CONV)
                        .setKernelSize(3).setOutChannels(channels)))
                .setHead(Head.getDefaultInstance()).build();
    }

    static MeasureRequest request(Architecture architecture, MeasurementOptions options) {
        return MeasureRequest.newBuilder().setArchitecture(architecture).setOptions(options).build();
    }

    static MeasureRequest quickSmall() {
        return request(small(), quick());
    }
}
