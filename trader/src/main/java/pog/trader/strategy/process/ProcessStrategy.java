package pog.trader.strategy.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.common.json.Json;
import pog.trader.strategy.Intent;
import pog.trader.strategy.Signal;
import pog.trader.strategy.Strategy;
import pog.trader.strategy.StrategyEvent;
import pog.trader.strategy.Timers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hosts a strategy that runs as the trader's child process. Every message the trader writes (one JSON object per
 * line on the child's stdin) gets exactly one answer line on its stdout within {@code answerMillis}; the child's
 * stderr is its log. Any failure (exit, no answer in time, an answer that is not the protocol) ends the child and
 * schedules a restart after a backoff that starts at 1 s and doubles to at most 30 s; a child that answered for a
 * minute starts the count again. Called on the trading loop thread; {@link #status()} from any thread.
 */
public final class ProcessStrategy implements Strategy {
    /** The newest protocol version this trader speaks; the child may answer hello with any from 1 to this. */
    public static final int PROTOCOL_VERSION = 2;
    static final long FIRST_BACKOFF_MILLIS = 1_000;
    static final long MAX_BACKOFF_MILLIS = 30_000;
    private static final long HEALTHY_FOR_MILLIS = 60_000;
    /**
     * How long a started child may take to answer hello (or answerMillis, if longer): it may load a model first. The
     * trader does not wait for it: until the answer comes the strategy is "starting" and decides nothing.
     */
    static final long HELLO_MILLIS = 10_000;
    private static final Logger log = LoggerFactory.getLogger(ProcessStrategy.class);
    private static final String EOF = "\u0000eof";
    private static final ObjectMapper JSON = Json.mapper();

    private final List<String> command;
    private final Path workDir;
    private final List<String> symbols;
    private final long answerMillis;
    private final Clock clock;
    private final boolean waitForHello;

    private Process process;
    private OutputStream stdin;
    private BlockingQueue<String> answers;
    private Thread stderrReader;
    private volatile String lastErrorLine;
    private volatile Status status = new Status(false, "starting");
    private long backoff = FIRST_BACKOFF_MILLIS;
    private long restartAt;
    private long upSince;
    private int starts;
    /** The version the running (or last) child chose in its hello answer. */
    private volatile int version = 1;
    /** Whether any child has answered hello yet. */
    private volatile boolean answered;
    private Timers timers;
    /** When hello was sent to the running child, while its answer has not come; -1 once it has. */
    private long helloSentAt = -1;

    public ProcessStrategy(List<String> command, Path workDir, List<String> symbols, long answerMillis, Clock clock) {
        this(command, workDir, symbols, answerMillis, clock, false);
    }

    /**
     * @param waitForHello wait (in real time, up to the hello deadline) for a starting child's answer instead of
     *                     deciding nothing meanwhile: a replay, whose recorded clock must not outrun the child's
     *                     start (two runs must make the same decisions), never a live trader
     */
    public ProcessStrategy(List<String> command, Path workDir, List<String> symbols, long answerMillis, Clock clock,
                           boolean waitForHello) {
        this.waitForHello = waitForHello;
        this.command = List.copyOf(command);
        this.workDir = workDir;
        this.symbols = List.copyOf(symbols);
        this.answerMillis = answerMillis;
        this.clock = clock;
    }

    @Override
    public String describe() {
        return "process " + String.join(" ", command);
    }

    @Override
    public Status status() {
        return status;
    }

    /**
     * The protocol version the child answered hello with; the newest until a child has answered. The trader then
     * offers it version 2 events, and the first of them starts the child, which is only ever sent those of the
     * version it chose. A child that waited for a bar to start would never start where bars come from trades and the
     * market is quiet, and would never hear its book or funding.
     */
    @Override
    public int contractVersion() {
        return answered ? version : PROTOCOL_VERSION;
    }

    @Override
    public synchronized void timers(Timers timers) {
        this.timers = timers;
    }

    /** How many times the child was started (the first start included). */
    public int starts() {
        return starts;
    }

    /** The running child's pid, or -1 while it is down. */
    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    @Override
    public synchronized List<Intent> onEvent(StrategyEvent event) {
        if (process == null && !start()) {
            return List.of();
        }
        if (helloSentAt >= 0 && !helloAnswered(0)) {
            return List.of();
        }
        if (version < 2 && !(event instanceof StrategyEvent.Bar) && !(event instanceof StrategyEvent.Refused)) {
            // a child that chose version 1 is never sent a newer event
            return List.of();
        }
        try {
            JsonNode answer = exchange(message(event, version));
            List<Intent> intents = new ArrayList<>(intents(answer));
            intents.addAll(armTimers(answer, event.time()));
            if (clock.millis() - upSince >= HEALTHY_FOR_MILLIS) {
                backoff = FIRST_BACKOFF_MILLIS;
            }
            return intents;
        } catch (Failure f) {
            fail(f.getMessage());
            return List.of();
        }
    }

    /** Starts the child when its restart time has come; false while it is down. */
    private boolean start() {
        long now = clock.millis();
        if (now < restartAt) {
            return false;
        }
        try {
            ProcessBuilder pb = new ProcessBuilder(command);
            if (workDir != null) {
                pb.directory(workDir.toFile());
            }
            pb.redirectInput(ProcessBuilder.Redirect.PIPE).redirectOutput(ProcessBuilder.Redirect.PIPE)
                    .redirectError(ProcessBuilder.Redirect.PIPE);
            lastErrorLine = null;
            process = pb.start();
            starts++;
        } catch (IOException e) {
            process = null;
            fail("cannot start " + command.get(0) + ": " + e.getMessage());
            return false;
        }
        stdin = process.getOutputStream();
        answers = new LinkedBlockingQueue<>();
        Process p = process;
        BlockingQueue<String> q = answers;
        daemon("strategy-stdout", () -> readLines(p.getInputStream(), q::add, () -> q.add(EOF))).start();
        stderrReader = daemon("strategy-stderr", () -> readLines(p.getErrorStream(), line -> {
            lastErrorLine = line.length() > 300 ? line.substring(0, 300) : line;
            log.info("event=strategy_stderr pid={} line=\"{}\"", p.pid(), lastErrorLine);
        }, () -> { }));
        stderrReader.start();
        try {
            ObjectNode hello = JSON.createObjectNode();
            hello.put("type", "hello");
            hello.put("version", PROTOCOL_VERSION);
            hello.set("versions", JSON.valueToTree(List.of(1, PROTOCOL_VERSION)));
            hello.set("symbols", JSON.valueToTree(symbols));
            send(hello);
        } catch (Failure f) {
            fail(f.getMessage());
            return false;
        }
        helloSentAt = clock.millis();
        status = new Status(false, "starting: waiting for its answer to hello");
        // most children answer at once; a slow one (loading a model) is looked at again with the next event
        return helloAnswered(waitForHello ? Math.max(answerMillis, HELLO_MILLIS) : answerMillis);
    }

    /** Whether the hello answer came (waiting at most {@code waitMillis} for it); a wrong or overdue one fails. */
    private boolean helloAnswered(long waitMillis) {
        long deadline = Math.max(answerMillis, HELLO_MILLIS);
        try {
            String line = poll(waitMillis);
            if (line == null) {
                if (waitForHello || clock.millis() - helloSentAt >= deadline) {
                    throw new Failure("no answer within " + deadline + " ms to hello");
                }
                return false;
            }
            JsonNode answer = parse(line);
            int chosen = answer.path("version").isInt() ? answer.path("version").asInt() : -1;
            if (chosen < 1 || chosen > PROTOCOL_VERSION) {
                throw new Failure("answered hello with protocol version " + answer.path("version")
                        + "; this trader speaks versions 1 to " + PROTOCOL_VERSION);
            }
            version = chosen;
            answered = true;
        } catch (Failure f) {
            fail(f.getMessage());
            return false;
        }
        helloSentAt = -1;
        upSince = clock.millis();
        status = Status.UP;
        log.info("event=strategy_started pid={} start={} protocol_version={} command=\"{}\"", process.pid(), starts,
                version, String.join(" ", command));
        return true;
    }

    private JsonNode exchange(ObjectNode message) {
        send(message);
        String line = poll(answerMillis);
        if (line == null) {
            throw new Failure("no answer within " + answerMillis + " ms to " + message.path("type").asText());
        }
        return parse(line);
    }

    private void send(ObjectNode message) {
        try {
            stdin.write((JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new Failure(exited("stopped reading its input"));
        }
    }

    /** The next answer line, or null when none came within {@code waitMillis}; the child's exit fails. */
    private String poll(long waitMillis) {
        String line;
        try {
            line = answers.poll(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted while waiting for its answer");
        }
        if (line == EOF) {
            throw new Failure(exited("closed its output"));
        }
        return line;
    }

    private JsonNode parse(String line) {
        try {
            JsonNode answer = JSON.readTree(line);
            if (answer == null || !answer.isObject()) {
                throw new Failure("answered something that is not a JSON object: " + clip(line));
            }
            return answer;
        } catch (IOException e) {
            throw new Failure("answered something that is not JSON: " + clip(line));
        }
    }

    private String exited(String what) {
        try {
            if (process.waitFor(500, TimeUnit.MILLISECONDS)) {
                joinStderr();
                return "exited with code " + process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return what;
    }

    private void joinStderr() {
        try {
            stderrReader.join(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<Intent> intents(JsonNode answer) {
        JsonNode list = answer.path("intents");
        if (list.isMissingNode() || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new Failure("answered intents that are not a list: " + clip(answer.toString()));
        }
        List<Intent> out = new ArrayList<>();
        for (JsonNode i : list) {
            String symbol = i.path("symbol").asText("");
            if (!symbols.contains(symbol)) {
                throw new Failure("asked for symbol '" + symbol + "', which this trader does not trade ("
                        + String.join(", ", symbols) + ")");
            }
            String target = i.path("target").asText("").toUpperCase(Locale.ROOT);
            Signal signal;
            try {
                signal = Signal.valueOf(target);
            } catch (IllegalArgumentException e) {
                signal = Signal.NONE;
            }
            if (signal == Signal.NONE) {
                throw new Failure("asked for target '" + i.path("target").asText("") + "' (known: long, short, flat)");
            }
            out.add(new Intent(symbol, signal, decimal(i, "risk"), decimal(i, "stopDistance"),
                    decimal(i, "takeProfit"), decimal(i, "limitPrice")));
        }
        return out;
    }

    /**
     * v2: the answer's {@code timers} ({@code {"name":..,"afterMillis":..}} arms, {@code {"name":..,"cancel":true}}
     * disarms). One the trader will not arm is told back as a {@code refused} message at once, whose answer's
     * intents count too.
     */
    private List<Intent> armTimers(JsonNode answer, long time) {
        JsonNode list = answer.path("timers");
        if (list.isMissingNode() || list.isNull()) {
            return List.of();
        }
        if (version < 2) {
            throw new Failure("asked for timers, which protocol version 1 (the one it answered hello with) has not");
        }
        if (!list.isArray()) {
            throw new Failure("answered timers that are not a list: " + clip(answer.toString()));
        }
        List<Intent> out = new ArrayList<>();
        for (JsonNode t : list) {
            String name = t.path("name").asText("");
            String refused;
            if (t.path("cancel").asBoolean(false)) {
                if (timers != null) {
                    timers.cancel(name);
                }
                continue;
            }
            if (!t.path("afterMillis").canConvertToLong() || !t.path("afterMillis").isIntegralNumber()) {
                throw new Failure("asked for timer '" + clip(name) + "' with afterMillis '"
                        + clip(t.path("afterMillis").asText()) + "', which is not a whole number of milliseconds");
            }
            long after = t.path("afterMillis").asLong();
            refused = timers == null ? "timers are not available here" : timers.after(name, after);
            if (refused != null) {
                log.info("event=timer_refused name=\"{}\" after_ms={} reason=\"{}\"", clip(name), after, refused);
                ObjectNode m = JSON.createObjectNode();
                m.put("type", "refused");
                m.put("time", time);
                ObjectNode timer = m.putObject("timer");
                timer.put("name", name);
                timer.put("afterMillis", after);
                m.put("reason", refused);
                out.addAll(intents(exchange(m)));
            }
        }
        return out;
    }

    private static BigDecimal decimal(JsonNode intent, String field) {
        JsonNode v = intent.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        try {
            return new BigDecimal(v.asText());
        } catch (NumberFormatException e) {
            throw new Failure("sent " + field + " '" + clip(v.asText()) + "', which is not a number");
        }
    }

    private static ObjectNode message(StrategyEvent event, int version) {
        ObjectNode m = JSON.createObjectNode();
        if (event instanceof StrategyEvent.Bar b) {
            m.put("type", "bar");
            m.put("symbol", b.symbol());
            m.put("time", b.time());
            m.put("price", b.price().toPlainString());
            m.put("position", b.position().toPlainString());
            m.put("entryPrice", b.entryPrice() == null ? null : b.entryPrice().toPlainString());
            m.put("equity", b.equity().toPlainString());
            m.put("canOpen", b.canOpen());
            if (version >= 2) {
                putDecimal(m, "open", b.open());
                putDecimal(m, "high", b.high());
                putDecimal(m, "low", b.low());
                putDecimal(m, "volume", b.volume());
                m.put("trades", b.trades());
                m.put("source", b.source());
            }
        } else if (event instanceof StrategyEvent.Refused r) {
            m.put("type", "refused");
            m.put("symbol", r.symbol());
            m.put("time", r.time());
            ObjectNode intent = m.putObject("intent");
            intent.put("symbol", r.intent().symbol());
            intent.put("target", r.intent().target().name().toLowerCase(Locale.ROOT));
            putDecimal(intent, "risk", r.intent().risk());
            putDecimal(intent, "stopDistance", r.intent().stopDistance());
            putDecimal(intent, "takeProfit", r.intent().takeProfit());
            putDecimal(intent, "limitPrice", r.intent().limitPrice());
            m.put("reason", r.reason());
        } else if (event instanceof StrategyEvent.Book b) {
            m.put("type", "book");
            m.put("symbol", b.symbol());
            m.put("time", b.time());
            putDecimalOrNull(m, "bid", b.bid());
            putDecimalOrNull(m, "bidSize", b.bidSize());
            putDecimalOrNull(m, "ask", b.ask());
            putDecimalOrNull(m, "askSize", b.askSize());
        } else if (event instanceof StrategyEvent.FundingRate f) {
            m.put("type", "funding");
            m.put("symbol", f.symbol());
            m.put("time", f.time());
            m.put("rate", f.rate().toPlainString());
            m.put("nextTime", f.nextTime());
        } else if (event instanceof StrategyEvent.OwnFill f) {
            m.put("type", "fill");
            m.put("symbol", f.symbol());
            m.put("time", f.time());
            m.put("side", f.side());
            m.put("size", f.size().toPlainString());
            m.put("price", f.price().toPlainString());
            putDecimalOrNull(m, "fee", f.fee());
            putDecimalOrNull(m, "realizedPnl", f.realizedPnl());
            m.put("purpose", f.purpose());
            m.put("liquidation", f.liquidation());
        } else if (event instanceof StrategyEvent.Risk r) {
            m.put("type", "risk");
            m.put("time", r.time());
            putDecimalOrNull(m, "equity", r.equity());
            putDecimalOrNull(m, "available", r.available());
            putDecimalOrNull(m, "dailyPnl", r.dailyPnl());
            putDecimalOrNull(m, "dailyLossLeft", r.dailyLossLeft());
            putDecimalOrNull(m, "openNotional", r.openNotional());
            putDecimalOrNull(m, "riskPerTrade", r.riskPerTrade());
            putDecimalOrNull(m, "stopDistance", r.stopDistance());
            putDecimalOrNull(m, "maxPositionNotional", r.maxPositionNotional());
            putDecimalOrNull(m, "maxLeverage", r.maxLeverage());
            putDecimalOrNull(m, "maxDailyLoss", r.maxDailyLoss());
            m.put("canOpen", r.canOpen());
            m.put("paused", r.paused());
            m.put("halted", r.halted());
        } else if (event instanceof StrategyEvent.Timer t) {
            m.put("type", "timer");
            m.put("name", t.name());
            m.put("time", t.time());
        }
        return m;
    }

    private static void putDecimalOrNull(ObjectNode n, String field, BigDecimal v) {
        n.put(field, v == null ? null : v.toPlainString());
    }

    private static void putDecimal(ObjectNode n, String field, BigDecimal v) {
        if (v != null) {
            n.put(field, v.toPlainString());
        }
    }

    private void fail(String reason) {
        long now = clock.millis();
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            joinStderr();
        }
        process = null;
        helloSentAt = -1;
        restartAt = now + backoff;
        String line = lastErrorLine;
        status = new Status(false, "down: " + (line != null ? line : reason) + " (" + reason + "; restart in "
                + (backoff / 1000) + " s)");
        log.warn("event=strategy_down reason=\"{}\" last_error=\"{}\" restart_in_ms={}", reason,
                line == null ? "-" : line, backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            try {
                stdin.close();
                if (!process.waitFor(1, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (IOException e) {
                process.destroyForcibly();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    private static String clip(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void readLines(InputStream in, java.util.function.Consumer<String> line, Runnable atEnd) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                line.accept(l);
            }
        } catch (IOException e) {
            // the child is gone; the stdout side reports it as the end of its answers
        } finally {
            atEnd.run();
        }
    }

    /** A protocol failure: the child is ended and restarted later. */
    private static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message, null, false, false);
        }
    }
}
