package pog.common.http;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

/** Every connected SSE client of one stream; broadcast never blocks on a slow client. */
public final class SseHub {
    private final Set<SseChannel> channels = new CopyOnWriteArraySet<>();
    private final Consumer<SseChannel> onConnect;

    /** @param onConnect called for every new client, e.g. to send it a snapshot first */
    public SseHub(Consumer<SseChannel> onConnect) {
        this.onConnect = onConnect;
    }

    void add(SseChannel channel) {
        channels.add(channel);
        onConnect.accept(channel);
    }

    void remove(SseChannel channel) {
        channels.remove(channel);
    }

    public void broadcast(String event, String data) {
        for (SseChannel c : channels) {
            if (!c.send(event, data)) {
                channels.remove(c);
            }
        }
    }

    /** Every client, for the server's keep-alive tick. */
    Iterable<SseChannel> channels() {
        return channels;
    }

    public int clients() {
        return channels.size();
    }

    public void closeAll() {
        channels.forEach(SseChannel::close);
        channels.clear();
    }
}
