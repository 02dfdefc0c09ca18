package dev.latm.runtime.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession;
import dev.latm.model.ir.Shape;
import dev.latm.runtime.Candidate;
import dev.latm.runtime.EngineException;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * An ONNX Runtime session with its input tensor made once. Owns, and closes in reverse order of
 * creation, the input tensor, the session and the session options; never the shared environment.
 */
final class OnnxRuntimeCandidate implements Candidate {
    private final String label;
    private final SessionOptions sessionOptions;
    private final OrtSession session;
    private final OnnxTensor input;
    private final Map<String, OnnxTensor> inputs;
    private boolean closed;

    private OnnxRuntimeCandidate(String label, SessionOptions sessionOptions, OrtSession session, OnnxTensor input) {
        this.label = label;
        this.sessionOptions = sessionOptions;
        this.session = session;
        this.input = input;
        this.inputs = Map.of(OnnxLowering.INPUT, input);
    }

    /**
     * Creates the session from in-memory model bytes and the input tensor from {@code inputValues}.
     * Takes ownership of {@code sessionOptions}: they are closed with the candidate, or right away
     * when creation fails.
     *
     * @param label names the network in error messages
     * @throws EngineException when ONNX Runtime rejects the model or cannot allocate the input
     */
    static OnnxRuntimeCandidate open(OrtEnvironment environment, byte[] model, Shape inputShape, float[] inputValues,
                                     SessionOptions sessionOptions, String label) {
        OrtSession session = null;
        try {
            session = environment.createSession(model, sessionOptions);
            long[] dims = {inputShape.batch(), inputShape.channels(), inputShape.height(), inputShape.width()};
            OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(inputValues), dims);
            return new OnnxRuntimeCandidate(label, sessionOptions, session, input);
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session, e);
            sessionOptions.close();
            throw new EngineException("ONNX Runtime could not build " + label + " (" + model.length
                    + "-byte model, input " + inputShape + "): " + e.getMessage(), e);
        }
    }

    @Override
    public void run() {
        checkOpen();
        try {
            // Only the run is wanted; closing the result at once releases the output tensor every run.
            session.run(inputs).close();
        } catch (OrtException e) {
            throw runFailed(e);
        }
    }

    @Override
    public float[] runAndCopyOutput() {
        checkOpen();
        try (OrtSession.Result result = session.run(inputs)) {
            OnnxValue output = result.get(0);
            if (!(output instanceof OnnxTensor)) {
                throw new EngineException(label + ": output " + OnnxLowering.OUTPUT + " is not a tensor but "
                        + output.getType());
            }
            FloatBuffer logits = ((OnnxTensor) output).getFloatBuffer();
            float[] copy = new float[logits.remaining()];
            logits.get(copy);
            return copy;
        } catch (OrtException e) {
            throw runFailed(e);
        }
    }

    /** Ends profiling (sessions built with profiling on) and returns the path of the trace file. */
    String endProfiling() {
        checkOpen();
        try {
            return session.endProfiling();
        } catch (OrtException e) {
            throw new EngineException("ONNX Runtime could not end profiling of " + label + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        input.close();
        try {
            session.close();
        } catch (OrtException e) {
            throw new EngineException("ONNX Runtime could not close the session of " + label + ": "
                    + e.getMessage(), e);
        } finally {
            sessionOptions.close();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(label + ": candidate already closed; build a new one");
        }
    }

    private EngineException runFailed(OrtException e) {
        return new EngineException("ONNX Runtime failed to run " + label + ": " + e.getMessage(), e);
    }

    private static void closeQuietly(OrtSession session, Exception primary) {
        if (session == null) {
            return;
        }
        try {
            session.close();
        } catch (OrtException e) {
            primary.addSuppressed(e);
        }
    }
}
