package dev.latm.cli.search;

import dev.latm.proto.v1.Architecture;

/** Gives ACC(m), the accuracy term of the reward. */
public interface AccuracySource {

    /**
     * @param trial          1-based trial number, for messages
     * @param architecture   the candidate
     * @param architectureId its canonical id
     * @throws AccuracyException when no accuracy can be had; the message says why and what to fix
     */
    Accuracy evaluate(int trial, Architecture architecture, String architectureId) throws InterruptedException;

    /** One or two lines for the report, saying what the number is. */
    String describe();
}
