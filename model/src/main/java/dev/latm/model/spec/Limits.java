package dev.latm.model.spec;

import java.util.Objects;

/**
 * What a server is willing to build. Checked before any tensor is allocated, so that a hostile
 * or mistaken request (a 4096-channel network at 1024 px) is refused instead of exhausting memory.
 * Built by name ({@link #builder()}): eight bounds, five of them ints, must not be told apart by
 * position.
 */
public final class Limits {

    /** Generous enough for any mobile search space, small enough for a 2-core, 4 GiB device. */
    public static final Limits DEFAULT = new Builder().build();

    private final int maxResolution;
    private final int maxChannels;
    private final int maxRepeats;
    private final int maxStages;
    private final int maxBatch;
    private final long maxMacs;
    private final long maxParams;
    private final long maxActivationBytes;

    private Limits(Builder b) {
        this.maxResolution = b.maxResolution;
        this.maxChannels = b.maxChannels;
        this.maxRepeats = b.maxRepeats;
        this.maxStages = b.maxStages;
        this.maxBatch = b.maxBatch;
        this.maxMacs = b.maxMacs;
        this.maxParams = b.maxParams;
        this.maxActivationBytes = b.maxActivationBytes;
        if (maxResolution < 32 || maxChannels < 8 || maxRepeats < 1 || maxStages < 1 || maxBatch < 1
                || maxMacs < 1 || maxParams < 1 || maxActivationBytes < 1) {
            throw new IllegalArgumentException("limits must be positive (resolution >= 32, channels >= 8): "
                    + this);
        }
    }

    /** A builder starting from {@link #DEFAULT}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these limits. */
    public Builder toBuilder() {
        return new Builder().maxResolution(maxResolution).maxChannels(maxChannels).maxRepeats(maxRepeats)
                .maxStages(maxStages).maxBatch(maxBatch).maxMacs(maxMacs).maxParams(maxParams)
                .maxActivationBytes(maxActivationBytes);
    }

    /** Largest input height/width. */
    public int maxResolution() {
        return maxResolution;
    }

    /** Largest channel count of any layer, after width scaling. */
    public int maxChannels() {
        return maxChannels;
    }

    /** Largest repeats of one stage. */
    public int maxRepeats() {
        return maxRepeats;
    }

    /** Most stages. */
    public int maxStages() {
        return maxStages;
    }

    /** Largest batch. */
    public int maxBatch() {
        return maxBatch;
    }

    /** Largest multiply-add count of one forward pass (whole batch). */
    public long maxMacs() {
        return maxMacs;
    }

    /** Largest parameter count (inference form). */
    public long maxParams() {
        return maxParams;
    }

    /** Largest peak activation memory of one forward pass. */
    public long maxActivationBytes() {
        return maxActivationBytes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Limits l && maxResolution == l.maxResolution && maxChannels == l.maxChannels
                && maxRepeats == l.maxRepeats && maxStages == l.maxStages && maxBatch == l.maxBatch
                && maxMacs == l.maxMacs && maxParams == l.maxParams && maxActivationBytes == l.maxActivationBytes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxResolution, maxChannels, maxRepeats, maxStages, maxBatch, maxMacs, maxParams,
                maxActivationBytes);
    }

    @Override
    public String toString() {
        return "Limits[maxResolution=" + maxResolution + ", maxChannels=" + maxChannels + ", maxRepeats="
                + maxRepeats + ", maxStages=" + maxStages + ", maxBatch=" + maxBatch + ", maxMacs=" + maxMacs
                + ", maxParams=" + maxParams + ", maxActivationBytes=" + maxActivationBytes + "]";
    }

    /** Sets bounds by name; unset ones keep {@link #DEFAULT}'s. */
    public static final class Builder {
        private int maxResolution = 1024;
        private int maxChannels = 4096;
        private int maxRepeats = 16;
        private int maxStages = 32;
        private int maxBatch = 64;
        private long maxMacs = 100_000_000_000L;
        private long maxParams = 200_000_000L;
        private long maxActivationBytes = 4L << 30;

        private Builder() {
        }

        public Builder maxResolution(int resolution) {
            this.maxResolution = resolution;
            return this;
        }

        public Builder maxChannels(int channels) {
            this.maxChannels = channels;
            return this;
        }

        public Builder maxRepeats(int repeats) {
            this.maxRepeats = repeats;
            return this;
        }

        public Builder maxStages(int stages) {
            this.maxStages = stages;
            return this;
        }

        public Builder maxBatch(int batch) {
            this.maxBatch = batch;
            return this;
        }

        public Builder maxMacs(long macs) {
            this.maxMacs = macs;
            return this;
        }

        public Builder maxParams(long params) {
            this.maxParams = params;
            return this;
        }

        public Builder maxActivationBytes(long bytes) {
            this.maxActivationBytes = bytes;
            return this;
        }

        /** @throws IllegalArgumentException when a bound is not positive */
        public Limits build() {
            return new Limits(this);
        }
    }
}
