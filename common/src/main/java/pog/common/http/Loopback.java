package pog.common.http;

import java.io.IOException;
import java.net.InetAddress;

/**
 * Whether an address is this machine's loopback: the only place PoG serves without TLS and reads without a token.
 * No logger here on purpose: configuration classes call it before a service has chosen its log file.
 */
public final class Loopback {
    private Loopback() {
    }

    /** True for "localhost" and literal loopback addresses (IPv4, IPv6 with or without brackets); a name never. */
    public static boolean is(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!HostPolicy.isIpLiteral(h)) {
            // a name could resolve anywhere: only literal loopback addresses count
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }
}
