package pog.pm.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP link between PM and a trader that a test can cut and heal: cut, every open connection is dropped and new
 * ones are accepted but never answered (as a dead route looks from PM's side: silence, not a refusal); healed, it
 * forwards again, to the same address (so the trader sees a client from another host, not loopback). Every thread and socket it opened ends with {@link #close}.
 */
final class CutLink implements AutoCloseable {
    private final ServerSocket server;
    private final InetAddress address;
    private final int target;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean cut;
    private volatile boolean closed;

    CutLink(InetAddress address, int target) throws IOException {
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(address, 0));
        this.address = address;
        this.target = target;
        this.acceptor = new Thread(this::accept, "cut-link");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    void cut() {
        cut = true;
        for (Socket s : open) {
            close(s);
        }
    }

    void heal() {
        cut = false;
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            open.add(client);
            if (cut) {
                // held open, never read: the caller times out as across a dead route
                continue;
            }
            try {
                Socket upstream = new Socket(address, target);
                open.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                close(client);
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // the link was cut or one side closed
            } finally {
                close(from);
                close(to);
            }
        }, "cut-link-pump");
        t.setDaemon(true);
        t.start();
    }

    private void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
        open.remove(s);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : open) {
            close(s);
        }
    }
}
