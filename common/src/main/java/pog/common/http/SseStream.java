package pog.common.http;

import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes one {@link SseChannel}'s frames to its response, one write in flight at a time and no thread held between
 * them: a queued frame wakes {@link #iterate()}, a finished write asks for the next. A failed write (the client went
 * away, or stopped reading until the idle timeout) ends the stream and forgets the client.
 */
final class SseStream extends IteratingCallback {
    private final SseChannel channel;
    private final SseHub hub;
    private final Response response;
    private final Callback done;

    SseStream(SseChannel channel, SseHub hub, Response response, Callback done) {
        this.channel = channel;
        this.hub = hub;
        this.response = response;
        this.done = done;
    }

    @Override
    protected Action process() {
        String frame = channel.poll();
        if (frame == null) {
            return channel.isOpen() ? Action.IDLE : Action.SUCCEEDED;
        }
        if (frame.equals(SseChannel.CLOSE)) {
            return Action.SUCCEEDED;
        }
        response.write(false, ByteBuffer.wrap(frame.getBytes(StandardCharsets.UTF_8)), this);
        return Action.SCHEDULED;
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }

    @Override
    protected void onCompleteSuccess() {
        forget();
        done.succeeded();
    }

    @Override
    protected void onCompleteFailure(Throwable cause) {
        forget();
        done.failed(cause);
    }

    private void forget() {
        channel.close();
        hub.remove(channel);
    }
}
