package pog.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.common.json.Json;
import pog.sim.Exchange;
import pog.venue.VenueListener;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code exchange-sim --record FILE}: every mark the simulated exchange moves to, one JSON line each, whether or
 * not a client is connected: {@code {"time":MS,"type":"mark","symbol":"BTC","price":"97012.5"}} (docs/strategies.md,
 * "Recorded market data"). Appends, and flushes each line, so a killed simulator leaves a complete file.
 */
public final class MarketRecorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MarketRecorder.class);

    private final BufferedWriter out;
    private final AutoCloseable subscription;
    private long lines;

    private MarketRecorder(BufferedWriter out, Exchange exchange) {
        this.out = out;
        this.subscription = exchange.subscribeMarks(new VenueListener() {
            @Override
            public void onMark(String symbol, BigDecimal mark, long time) {
                write(symbol, mark, time);
            }
        });
    }

    public static MarketRecorder start(Exchange exchange, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            log.info("event=recording file={}", file);
            return new MarketRecorder(w, exchange);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the recording " + file + ": " + e.getMessage(), e);
        }
    }

    private synchronized void write(String symbol, BigDecimal mark, long time) {
        ObjectNode line = Json.mapper().createObjectNode();
        line.put("time", time);
        line.put("type", "mark");
        line.put("symbol", symbol);
        line.put("price", mark.toPlainString());
        try {
            out.write(line.toString());
            out.newLine();
            out.flush();
            lines++;
        } catch (IOException e) {
            if (lines >= 0) {
                log.warn("event=recording_failed error=\"{}\"", e.getMessage());
                lines = -1;
            }
        }
    }

    @Override
    public synchronized void close() throws Exception {
        subscription.close();
        out.close();
    }
}
