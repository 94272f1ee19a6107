import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay that delays every byte by a one-way latency, each direction on its own: the user-space stand-in for
 * {@code tc netem delay} on kernels without sch_netem (scripts/netns-drill.sh; loss there is the kernel's, by
 * nftables). Bytes are never dropped nor reordered here: TCP on either side sees a slow link, as with netem.
 *
 * <pre>java scripts/lib/DelayRelay.java LISTEN_ADDR:PORT TARGET_ADDR:PORT CONTROL_FILE</pre>
 *
 * CONTROL_FILE holds "DELAY_MS [JITTER_MS]" (read every 100 ms; missing or empty = 0): each chunk read at time t is
 * written at max(t + delay + uniform(0, jitter), the previous chunk's time), so order is kept. Prints "listening" once
 * it accepts; runs until killed.
 */
public final class DelayRelay {
    private static volatile long delayMs;
    private static volatile long jitterMs;

    private record Chunk(byte[] data, long dueNanos) {
    }

    private static final Chunk EOF = new Chunk(new byte[0], 0);

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: DelayRelay LISTEN_ADDR:PORT TARGET_ADDR:PORT CONTROL_FILE");
            System.exit(2);
        }
        InetSocketAddress listen = address(args[0]);
        InetSocketAddress target = address(args[1]);
        Path control = Path.of(args[2]);
        Thread watcher = new Thread(() -> watch(control), "control");
        watcher.setDaemon(true);
        watcher.start();
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(listen, 128);
            System.out.println("listening on " + args[0] + " -> " + args[1]);
            System.out.flush();
            while (true) {
                Socket in = server.accept();
                Thread t = new Thread(() -> serve(in, target), "conn");
                t.setDaemon(true);
                t.start();
            }
        }
    }

    private static InetSocketAddress address(String hostPort) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(InetAddress.getByName(hostPort.substring(0, colon)),
                Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private static void watch(Path control) {
        while (true) {
            try {
                String text = Files.exists(control) ? Files.readString(control, StandardCharsets.UTF_8).strip() : "";
                String[] parts = text.isEmpty() ? new String[0] : text.split("\\s+");
                delayMs = parts.length > 0 ? Long.parseLong(parts[0]) : 0;
                jitterMs = parts.length > 1 ? Long.parseLong(parts[1]) : 0;
            } catch (IOException | NumberFormatException e) {
                System.err.println("control file unreadable, keeping delay " + delayMs + " ms: " + e.getMessage());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void serve(Socket in, InetSocketAddress target) {
        Socket out = new Socket();
        try {
            out.connect(target, 5000);
            in.setTcpNoDelay(true);
            out.setTcpNoDelay(true);
        } catch (IOException e) {
            close(in, out);
            return;
        }
        AtomicInteger open = new AtomicInteger(2);
        pump(in, out, open);
        pump(out, in, open);
    }

    /** from -> to, delayed: a reader that stamps each chunk and a writer that sends it when due. */
    private static void pump(Socket from, Socket to, AtomicInteger open) {
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[16384];
            long lastDue = 0;
            try (InputStream is = from.getInputStream()) {
                int n;
                while ((n = is.read(buf)) >= 0) {
                    long jitter = jitterMs > 0 ? ThreadLocalRandom.current().nextLong(jitterMs + 1) : 0;
                    long due = Math.max(System.nanoTime() + (delayMs + jitter) * 1_000_000L, lastDue);
                    lastDue = due;
                    queue.add(new Chunk(Arrays.copyOf(buf, n), due));
                }
            } catch (IOException ignored) {
                // the connection ended or was reset: the writer closes both sides
            }
            queue.add(EOF);
        }, "read");
        Thread writer = new Thread(() -> {
            try {
                OutputStream os = to.getOutputStream();
                while (true) {
                    Chunk c = queue.take();
                    if (c == EOF) {
                        to.shutdownOutput();
                        if (open.decrementAndGet() == 0) {
                            close(from, to);
                        }
                        break;
                    }
                    long wait = c.dueNanos() - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                    }
                    os.write(c.data());
                    os.flush();
                }
            } catch (IOException | InterruptedException e) {
                close(from, to);
            }
        }, "write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    private static void close(Socket a, Socket b) {
        try {
            a.close();
        } catch (IOException ignored) {
            // closing
        }
        try {
            b.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
