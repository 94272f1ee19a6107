package pog.venue.net;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * A minimal RFC 6455 server for tests (text frames, close, ping): enough to stand in for a venue's WebSocket and to
 * drop connections the way a network does, which a real server library makes hard to do on purpose.
 */
public final class FakeWebSocketServer implements Closeable {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** One client connection. */
    public final class Connection {
        private final Socket socket;
        private final OutputStream out;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
        }

        public synchronized void send(String text) {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            try {
                out.write(0x81);
                if (payload.length < 126) {
                    out.write(payload.length);
                } else if (payload.length < 65536) {
                    out.write(126);
                    out.write(payload.length >>> 8);
                    out.write(payload.length & 0xff);
                } else {
                    out.write(127);
                    for (int i = 7; i >= 0; i--) {
                        out.write((int) ((long) payload.length >>> (8 * i)) & 0xff);
                    }
                }
                out.write(payload);
                out.flush();
            } catch (IOException e) {
                drop();
            }
        }

        /** Gone without a close frame, as when a network path dies. */
        public void drop() {
            connections.remove(this);
            try {
                socket.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    private final ServerSocket server;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final BiConsumer<Connection, String> onText;
    private final String greeting;
    private volatile boolean refusing;
    private volatile boolean closed;

    /** A server that greets no one. */
    public FakeWebSocketServer(BiConsumer<Connection, String> onText) throws IOException {
        this(onText, null);
    }

    /** @param greeting sent to every new connection first (Hyperliquid says "Websocket connection established.") */
    public FakeWebSocketServer(BiConsumer<Connection, String> onText, String greeting) throws IOException {
        this.onText = onText;
        this.greeting = greeting;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "fake-ws-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public List<Connection> connections() {
        return connections;
    }

    public void broadcast(String text) {
        connections.forEach(c -> c.send(text));
    }

    /** Drops every connection; while refusing, new ones are dropped right after the handshake. */
    public void dropAll(boolean refuseNew) {
        refusing = refuseNew;
        connections.forEach(Connection::drop);
    }

    public void accept() {
        refusing = false;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        connections.forEach(Connection::drop);
        server.close();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "fake-ws-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String key = null;
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                if (line.toLowerCase().startsWith("sec-websocket-key:")) {
                    key = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Connection c = new Connection(socket);
            if (refusing) {
                c.drop();
                return;
            }
            connections.add(c);
            if (greeting != null) {
                c.send(greeting);
            }
            readFrames(new DataInputStream(in), c);
        } catch (Exception e) {
            // connection over
        }
    }

    private void readFrames(DataInputStream in, Connection c) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        while (true) {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            long len = b1 & 0x7f;
            if (len == 126) {
                len = in.readUnsignedShort();
            } else if (len == 127) {
                len = in.readLong();
            }
            byte[] mask = new byte[4];
            if ((b1 & 0x80) != 0) {
                in.readFully(mask);
            }
            byte[] payload = new byte[(int) len];
            in.readFully(payload);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
            int opcode = b0 & 0x0f;
            if (opcode == 0x8) {
                c.drop();
                return;
            }
            if (opcode == 0x1 || opcode == 0x0) {
                message.write(payload);
                if ((b0 & 0x80) != 0) {
                    onText.accept(c, message.toString(StandardCharsets.UTF_8));
                    message.reset();
                }
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int ch;
        while ((ch = in.read()) != -1 && ch != '\n') {
            if (ch != '\r') {
                sb.append((char) ch);
            }
        }
        if (ch == -1 && sb.length() == 0) {
            throw new IOException("closed during handshake");
        }
        return sb.toString();
    }
}
