package pog.common.http;

import org.eclipse.jetty.io.Content;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Reads a request body as it arrives, holding no thread while waiting for bytes, and stops at the limit. Past the
 * limit it reports {@link #TOO_LARGE} and reads no further (the server closes the connection after the 413); it never
 * fails the request itself, so the answer races nothing inside the server.
 */
final class BodyReader implements Runnable {
    static final byte[] TOO_LARGE = new byte[0];

    private final Content.Source source;
    private final int max;
    private final Consumer<byte[]> onBody;
    private final Consumer<Throwable> onFailure;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private BodyReader(Content.Source source, int max, Consumer<byte[]> onBody, Consumer<Throwable> onFailure) {
        this.source = source;
        this.max = max;
        this.onBody = onBody;
        this.onFailure = onFailure;
    }

    /** Calls {@code onBody} with the whole body, or with {@link #TOO_LARGE}; {@code onFailure} if the read failed. */
    static void read(Content.Source source, int max, Consumer<byte[]> onBody, Consumer<Throwable> onFailure) {
        new BodyReader(source, max, onBody, onFailure).run();
    }

    @Override
    public void run() {
        while (true) {
            Content.Chunk chunk = source.read();
            if (chunk == null) {
                source.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                onFailure.accept(chunk.getFailure());
                return;
            }
            ByteBuffer buf = chunk.getByteBuffer();
            int n = buf.remaining();
            if (bytes.size() + n > max) {
                chunk.release();
                onBody.accept(TOO_LARGE);
                return;
            }
            byte[] part = new byte[n];
            buf.get(part);
            bytes.write(part, 0, n);
            boolean last = chunk.isLast();
            chunk.release();
            if (last) {
                onBody.accept(bytes.toByteArray());
                return;
            }
        }
    }
}
