package pog.common.http;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * One connected Server-Sent-Events client. Producers {@link #send} without blocking; a client too slow to keep a
 * bounded queue drained is disconnected rather than allowed to hold memory or stall the producer.
 */
public final class SseChannel {
    private static final int QUEUE = 256;
    static final String CLOSE = "\u0000close";

    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
    private volatile boolean open = true;

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
        if (!queue.offer(frame.toString())) {
            close();
            return false;
        }
        return true;
    }

    public boolean isOpen() {
        return open;
    }

    public void close() {
        open = false;
        queue.clear();
        queue.offer(CLOSE);
    }

    String take(long timeoutMillis) throws InterruptedException {
        return queue.poll(timeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
}
