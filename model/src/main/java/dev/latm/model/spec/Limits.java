package dev.latm.model.spec;

/**
 * What a server is willing to build. Checked before any tensor is allocated, so that a hostile
 * or mistaken request (a 4096-channel network at 1024 px) is refused instead of exhausting memory.
 *
 * @param maxResolution         largest input height/width
 * @param maxChannels           largest channel count of any layer, after width scaling
 * @param maxRepeats            largest repeats of one stage
 * @param maxStages             most stages
 * @param maxBatch              largest batch
 * @param maxMacs               largest multiply-add count of one forward pass (whole batch)
 * @param maxParams             largest parameter count (inference form)
 * @param maxActivationBytes    largest peak activation memory of one forward pass
 */
public record Limits(int maxResolution, int maxChannels, int maxRepeats, int maxStages, int maxBatch,
                     long maxMacs, long maxParams, long maxActivationBytes) {

    /** Generous enough for any mobile search space, small enough for a 2-core, 4 GiB device. */
    public static final Limits DEFAULT = new Limits(1024, 4096, 16, 32, 64,
            100_000_000_000L, 200_000_000L, 4L << 30);

    public Limits {
        if (maxResolution < 32 || maxChannels < 8 || maxRepeats < 1 || maxStages < 1 || maxBatch < 1
                || maxMacs < 1 || maxParams < 1 || maxActivationBytes < 1) {
            throw new IllegalArgumentException("limits must be positive (resolution >= 32, channels >= 8): "
                    + this);
        }
    }

    public Limits withMaxMacs(long macs) {
        return new Limits(maxResolution, maxChannels, maxRepeats, maxStages, maxBatch, macs, maxParams,
                maxActivationBytes);
    }

    public Limits withMaxParams(long params) {
        return new Limits(maxResolution, maxChannels, maxRepeats, maxStages, maxBatch, maxMacs, params,
                maxActivationBytes);
    }

    public Limits withMaxActivationBytes(long bytes) {
        return new Limits(maxResolution, maxChannels, maxRepeats, maxStages, maxBatch, maxMacs, maxParams,
                bytes);
    }

    public Limits withMaxResolution(int resolution) {
        return new Limits(resolution, maxChannels, maxRepeats, maxStages, maxBatch, maxMacs, maxParams,
                maxActivationBytes);
    }
}
