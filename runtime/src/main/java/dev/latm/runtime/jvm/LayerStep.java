package dev.latm.runtime.jvm;

import dev.latm.model.ir.Layer;

/**
 * One IR layer bound to its prepared kernel and buffers. A step runs as one or more phases, each a
 * parallel loop over independent work items (a phase waits for the previous one to finish on every
 * thread); {@link #run} never allocates.
 */
final class LayerStep {
    private final String name;
    private final String op;
    private final int[] items;
    private final Work[] phases;

    /** A range of work items of one phase. */
    @FunctionalInterface
    interface Work {
        void run(int first, int end);
    }

    /** @param items the work items of each phase, one count per phase */
    LayerStep(String name, String op, int[] items, Work... phases) {
        if (items.length != phases.length) {
            throw new IllegalArgumentException("one item count per phase");
        }
        this.name = name;
        this.op = op;
        this.items = items.clone();
        this.phases = phases.clone();
    }

    LayerStep(Layer layer, int[] items, Work... phases) {
        this(layer.name(), layer.op(), items, phases);
    }

    LayerStep(Layer layer, int items, Work work) {
        this(layer, new int[] {items}, work);
    }

    /** The IR layer's name. */
    String name() {
        return name;
    }

    /** The IR layer's op, for profiles. */
    String op() {
        return op;
    }

    int phases() {
        return phases.length;
    }

    /** Work items of {@code phase}; threads split [0, items) into contiguous ranges. */
    int items(int phase) {
        return items[phase];
    }

    /** Runs work items [first, end) of {@code phase}. */
    void run(int phase, int first, int end) {
        phases[phase].run(first, end);
    }
}
