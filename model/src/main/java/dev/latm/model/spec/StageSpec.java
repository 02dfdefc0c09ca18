package dev.latm.model.spec;

/** A block repeated {@code repeats} times. */
public record StageSpec(BlockSpec block, int repeats) {
}
