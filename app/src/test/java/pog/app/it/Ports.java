package pog.app.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one place app's tests choose ports for the processes they start: a process whose config names its port
 * binds it a moment after it is chosen (everything that can bind port 0 itself does, and reports the port).
 */
public final class Ports {
    private Ports() {
    }

    /** A port free now, from the kernel's ephemeral range. */
    public static int free() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    /**
     * A free port below the kernel's ephemeral range, for a process that is killed and restarted on the same port: a
     * port from that range can become the local end of one of the many outgoing connections between the moment the
     * process dies and the moment its successor binds it again.
     */
    public static int stable() throws IOException {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port between 20000 and 32000");
    }
}
