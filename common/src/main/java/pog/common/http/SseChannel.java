package pog.common.http;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * One connected Server-Sent-Events client. Producers {@link #send} without blocking; a client too slow to keep a
 * bounded queue drained is disconnected rather than allowed to hold memory or stall the producer. The frames are
 * written by the server without a thread per client: queuing one wakes the writer.
 */
public final class SseChannel {
    private static final int QUEUE = 256;
    static final String CLOSE = "\u0000close";
    static final String KEEP_ALIVE = ": keep-alive\n\n";

    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
    private volatile boolean open = true;
    private volatile Runnable wake = () -> { };

    /** Queues one event; false when the client is gone (the caller should forget it). */
    public boolean send(String event, String data) {
        if (!open) {
            return false;
        }
        StringBuilder frame = new StringBuilder();
        if (event != null) {
            frame.append("event: ").append(event).append('\n');
        }
        for (String line : data.split("\n", -1)) {
            frame.append("data: ").append(line).append('\n');
        }
        frame.append('\n');
        return offer(frame.toString());
    }

    public boolean isOpen() {
        return open;
    }

    public void close() {
        open = false;
        queue.clear();
        queue.offer(CLOSE);
        wake.run();
    }

    /** A pre-rendered frame (": connected", keep-alive comments); a full queue means the client stopped reading. */
    boolean offer(String frame) {
        if (!open) {
            return false;
        }
        if (!queue.offer(frame)) {
            close();
            return false;
        }
        wake.run();
        return true;
    }

    /** A keep-alive comment, skipped (not a reason to disconnect) when frames are already waiting. */
    void keepAlive() {
        if (open && queue.isEmpty()) {
            offer(KEEP_ALIVE);
        }
    }

    /** The next frame to write, or null when none is waiting. */
    String poll() {
        return queue.poll();
    }

    void onReady(Runnable wake) {
        this.wake = wake;
    }
}
