package dev.latm.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT drain the server, and only then end the JVM.
 *
 * <p>Why not a shutdown hook: on a signal the JVM runs every shutdown hook at once, in no order, and
 * ONNX Runtime registers one that releases its native environment, logger included. A session being
 * built at that moment failed with "Attempt to use DefaultLogger but none has been registered" and its
 * client got INTERNAL instead of UNAVAILABLE. Handling the signals here drains first ({@link
 * LatmServer#stop()}: NOT_SERVING, callers answered, store closed) and exits after, when nothing uses
 * ONNX Runtime any more. If a build step could not be stopped within the grace period the JVM halts
 * instead, without hooks: ONNX Runtime's would free the environment under that build.
 */
final class ShutdownSignals {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignals.class);

    private ShutdownSignals() {
    }

    static void install(LatmServer server) {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> drainAndExit(server, "SIG" + name));
        }
    }

    private static void drainAndExit(LatmServer server, String signal) {
        LOG.info("{}: draining within the grace period", signal);
        boolean clean = true;
        try {
            clean = server.stopWithinGrace();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("shutdown failed", e);
        }
        if (clean) {
            System.exit(0);
        } else {
            Runtime.getRuntime().halt(0);
        }
    }
}
