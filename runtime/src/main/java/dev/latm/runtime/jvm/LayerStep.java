package dev.latm.runtime.jvm;

/**
 * One IR layer bound to its prepared kernel and buffers. A step runs as one or more phases, each a
 * parallel loop over independent work items (a phase waits for the previous one to finish on every
 * thread); {@link #run} never allocates.
 */
interface LayerStep {

    /** The IR layer's name. */
    String name();

    /** The IR layer's op, for profiles. */
    String op();

    int phases();

    /** Work items of {@code phase}; threads split [0, items) into contiguous ranges. */
    int items(int phase);

    /** Runs work items [first, end) of {@code phase}. */
    void run(int phase, int first, int end);
}
