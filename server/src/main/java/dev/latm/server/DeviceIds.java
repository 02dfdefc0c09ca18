package dev.latm.server;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The default device id: the host name, which a pod or container sets to something unique. */
final class DeviceIds {
    private DeviceIds() {
    }

    static String local() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
