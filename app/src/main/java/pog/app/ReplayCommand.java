package pog.app;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import pog.common.json.Json;
import pog.common.time.ManualClock;
import pog.sim.Exchange;
import pog.paper.PaperVenue;
import pog.sim.SimConfig;
import pog.sim.SymbolSpec;
import pog.paper.PaperProvider;
import pog.paper.PaperVenueConfig;
import pog.trader.config.TraderConfig;
import pog.trader.engine.Engine;
import pog.trader.engine.Snapshot;
import pog.trader.journal.Journal;
import pog.trader.risk.RiskManager;
import pog.trader.strategy.Strategies;
import pog.trader.strategy.Strategy;
import pog.venue.Account;
import pog.venue.Fill;
import pog.venue.MarketInfo;
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.Position;
import pog.venue.ProtectedEntry;
import pog.venue.Trade;
import pog.venue.Venue;
import pog.venue.VenueListener;
import pog.venue.spi.VenueProviders;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code pog replay}: the configured strategy through the trader's own engine, risk and protection code, on the
 * paper venue, against recorded marks, with a clock that jumps from one record to the next (as fast as the machine
 * goes). Everything printed comes from the data and the configuration, so two runs print the same thing.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Run the configured strategy against recorded market data through the trader's engine, risk and",
                "protection on the paper venue; print trades, PnL, fees, max drawdown and time protected."})
public final class ReplayCommand implements Callable<Integer> {
    private static final String ACCOUNT = "replay";
    private final VenueProviders venues;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "Trader configuration (its strategy, symbols and risk are used).")
    Path config;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Recorded marks, JSON lines (pog exchange-sim --record).")
    Path data;

    @Option(names = "--from", paramLabel = "T", description = "Start at this time (epoch ms or ISO-8601, e.g. 2026-12-03T08:00:00Z).")
    String from;

    @Option(names = "--to", paramLabel = "T", description = "Stop at this time (epoch ms or ISO-8601).")
    String to;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Also write a page with the equity curve.")
    Path report;

    /** @param venues the venues the trader config's {@code venue.type} may name (the replay itself is on paper) */
    public ReplayCommand(VenueProviders venues) {
        this.venues = venues;
    }

    /** One recorded price: a mark, or a trade ({@code size} set; its price moves the mark too). */
    record Mark(long time, String symbol, BigDecimal price, BigDecimal size) {
        boolean trade() {
            return size != null;
        }
    }

    /** What a run produced; {@link #print} writes it the same way every time. */
    record Result(List<Mark> marks, List<Fill> fills, Map<String, String> purposes, List<long[]> equityCents,
                  BigDecimal startEquity, BigDecimal endEquity, BigDecimal maxDrawdown, long inPositionMillis,
                  long protectedMillis, int bars, String strategy) {
    }

    @Override
    public Integer call() throws Exception {
        TraderConfig cfg = TraderConfig.load(config, venues);
        List<Mark> marks = read(data, time(from, "--from", Long.MIN_VALUE), time(to, "--to", Long.MAX_VALUE));
        if (marks.isEmpty()) {
            throw new CliException(ExitCodes.CONFIG, "error: " + data + " has no marks in the chosen time range");
        }
        Path work = Files.createTempDirectory("pog-replay");
        try {
            long started = System.nanoTime();
            long cpuStarted = processCpuNanos();
            Result r = run(cfg, marks, work);
            double seconds = (System.nanoTime() - started) / 1e9;
            double cpu = (processCpuNanos() - cpuStarted) / 1e9;
            print(r, System.out);
            if (report != null) {
                Files.writeString(report, html(r), StandardCharsets.UTF_8);
                System.out.println("report: " + report);
            }
            // timing on stderr: stdout stays identical from run to run. CPU is this JVM's (every thread, JIT and
            // GC included; a process strategy's own child not): on a shared machine it says what a bar costs far
            // better than the wall clock, which says how loaded the machine was
            System.err.printf(Locale.ROOT, "replayed %d bars in %.2f s (%.0f bars/s); %.2f s CPU (%.3f ms CPU per bar)%n",
                    r.bars(), seconds, r.bars() / Math.max(seconds, 1e-9), cpu, cpu * 1000 / Math.max(r.bars(), 1));
        } finally {
            deleteTree(work);
        }
        return ExitCodes.OK;
    }

    /** CPU time of this JVM so far (all threads), or 0 where the platform does not say. */
    private static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
    }

    static Result run(TraderConfig cfg, List<Mark> marks, Path work) throws IOException {
        SimConfig sim = cfg.venue() instanceof PaperVenueConfig paper ? PaperProvider.simConfig(paper)
                : SimConfig.defaults();
        Map<String, SymbolSpec> specs = new HashMap<>();
        for (SymbolSpec s : sim.symbols()) {
            specs.put(s.symbol(), s);
        }
        for (String s : cfg.strategy().symbols()) {
            if (!specs.containsKey(s)) {
                throw new CliException(ExitCodes.CONFIG, "error: the paper venue has no market " + s + " (it has "
                        + String.join(", ", specs.keySet().stream().sorted().toList()) + ")");
            }
        }
        if (cfg.strategy().barSource().equals("trades") && marks.stream().noneMatch(Mark::trade)) {
            // said rather than replayed wrong: without trades the strategy would be sent no bar at all
            throw new CliException(ExitCodes.CONFIG, "error: strategy.barSource is trades but the data has no trade "
                    + "lines (only marks): set strategy.barSource: mark to replay it");
        }
        ManualClock clock = new ManualClock(marks.get(0).time());
        long loopMillis = cfg.loopMillis();
        try (Exchange exchange = Exchange.open(sim, work.resolve("venue.db"), clock);
             Journal journal = Journal.open(work.resolve("journal.db"))) {
            PaperVenue paper = new PaperVenue(exchange, ACCOUNT);
            TradeFeed venue = new TradeFeed(paper);
            BigDecimal startEquity = venue.account().equity();
            Strategy strategy = Strategies.forReplay(cfg.strategy(), clock);
            List<long[]> curve = new ArrayList<>();
            BigDecimal peak = startEquity;
            BigDecimal maxDd = BigDecimal.ZERO;
            long inPosition = 0;
            long covered = 0;
            int bars = 0;
            int i = 0;
            // the first marks set the venue's prices before the engine reconciles
            i = apply(marks, i, exchange, specs, venue);
            try (Engine engine = new Engine(cfg.service(), venue, journal, strategy, new RiskManager(cfg.risk()), clock,
                    loopMillis, cfg.strategy().barMillis(), cfg.strategy().symbols(), s -> { })) {
                engine.barSource(cfg.strategy().barSource());
                engine.subscribeMarket();
                engine.reconcile();
                long lastTick = Long.MIN_VALUE;
                Snapshot before = null;
                while (true) {
                    long now = clock.millis();
                    if (lastTick == Long.MIN_VALUE || now - lastTick >= loopMillis) {
                        engine.tick();
                        bars++;
                        Snapshot s = engine.snapshot();
                        if (before != null && !before.positions().isEmpty()) {
                            long dt = now - lastTick;
                            inPosition += dt;
                            if (before.unprotected() == 0) {
                                covered += dt;
                            }
                        }
                        lastTick = now;
                        before = s;
                        if (s.account() != null) {
                            BigDecimal eq = s.account().equity();
                            curve.add(new long[]{now, eq.movePointRight(2).setScale(0, RoundingMode.HALF_UP).longValue()});
                            peak = peak.max(eq);
                            maxDd = maxDd.max(peak.subtract(eq));
                        }
                    }
                    if (i >= marks.size()) {
                        break;
                    }
                    clock.set(Math.max(clock.millis(), marks.get(i).time()));
                    i = apply(marks, i, exchange, specs, venue);
                }
            }
            List<Fill> fills = exchange.fillsSince(ACCOUNT, 0);
            Map<String, String> purposes = new HashMap<>();
            for (Journal.JournalOrder o : journal.recentOrders(1_000_000)) {
                purposes.put(o.clientId(), o.purpose().name().toLowerCase(Locale.ROOT));
            }
            BigDecimal endEquity = venue.account().equity();
            return new Result(marks, fills, purposes, curve, startEquity, endEquity, maxDd, inPosition, covered,
                    bars, strategy.describe());
        }
    }

    /** Moves the venue to every mark stamped with the time of mark {@code i}; returns the index after them. */
    private static int apply(List<Mark> marks, int i, Exchange exchange, Map<String, SymbolSpec> specs,
                             TradeFeed feed) {
        long t = marks.get(i).time();
        while (i < marks.size() && marks.get(i).time() == t) {
            Mark m = marks.get(i++);
            SymbolSpec spec = specs.get(m.symbol());
            if (spec != null) {
                BigDecimal px = m.price().divide(spec.tickSize(), 0, RoundingMode.HALF_UP).multiply(spec.tickSize());
                if (px.signum() > 0) {
                    exchange.jump(m.symbol(), px);
                    if (m.trade()) {
                        feed.trade(new Trade(m.symbol(), px, m.size(), null, m.time()));
                    }
                }
            }
        }
        return i;
    }

    /**
     * The paper venue, plus the recording's trade lines as its public trade feed ({@link Venue#subscribeMarket}),
     * so that {@code strategy.barSource: trades} builds the same bars in a replay as live.
     */
    static final class TradeFeed implements Venue {
        private final Venue inner;
        private final List<VenueListener> listeners = new ArrayList<>();

        TradeFeed(Venue inner) {
            this.inner = inner;
        }

        void trade(Trade t) {
            for (VenueListener l : listeners) {
                l.onTrade(t);
            }
        }

        @Override
        public AutoCloseable subscribeMarket(List<String> symbols, VenueListener listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public String accountId() {
            return inner.accountId();
        }

        @Override
        public List<MarketInfo> markets() {
            return inner.markets();
        }

        @Override
        public Account account() {
            return inner.account();
        }

        @Override
        public List<Position> positions() {
            return inner.positions();
        }

        @Override
        public List<Order> openOrders() {
            return inner.openOrders();
        }

        @Override
        public Order place(OrderRequest request) {
            return inner.place(request);
        }

        @Override
        public ProtectedEntry placeWithStop(OrderRequest entry, OrderRequest stop) {
            return inner.placeWithStop(entry, stop);
        }

        @Override
        public boolean cancel(String symbol, String clientId) {
            return inner.cancel(symbol, clientId);
        }

        @Override
        public List<Fill> fillsSince(long cursor) {
            return inner.fillsSince(cursor);
        }

        @Override
        public Map<String, BigDecimal> marks() {
            return inner.marks();
        }

        @Override
        public AutoCloseable subscribe(VenueListener listener) {
            return inner.subscribe(listener);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    static void print(Result r, PrintStream out) {
        Mark first = r.marks().get(0);
        Mark last = r.marks().get(r.marks().size() - 1);
        out.printf(Locale.ROOT, "replay: %d marks from %s to %s, strategy \"%s\"%n", r.marks().size(),
                Instant.ofEpochMilli(first.time()), Instant.ofEpochMilli(last.time()), r.strategy());
        out.println("trades:");
        BigDecimal fees = BigDecimal.ZERO;
        BigDecimal realized = BigDecimal.ZERO;
        List<Fill> fills = new ArrayList<>(r.fills());
        fills.sort(Comparator.comparingLong(Fill::time).thenComparingLong(Fill::cursor));
        for (Fill f : fills) {
            fees = fees.add(f.fee());
            realized = realized.add(f.realizedPnl());
            String purpose = f.liquidation() ? "liquidation" : r.purposes().getOrDefault(f.clientId(), "-");
            out.printf(Locale.ROOT, "  %s %s %-4s %s @ %s fee %s pnl %s %s%n", Instant.ofEpochMilli(f.time()),
                    f.symbol(), f.side(), f.size().toPlainString(), f.price().toPlainString(), money(f.fee()),
                    money(f.realizedPnl()), purpose);
        }
        BigDecimal net = r.endEquity().subtract(r.startEquity());
        BigDecimal ddPct = r.maxDrawdown().multiply(BigDecimal.valueOf(100)).divide(r.startEquity(), 2, RoundingMode.HALF_UP);
        out.printf(Locale.ROOT, "summary: %d fills, realized pnl %s, fees %s, equity %s -> %s (net %s), max drawdown %s "
                        + "(%s%% of start)%n", fills.size(), money(realized), money(fees), money(r.startEquity()),
                money(r.endEquity()), money(net), money(r.maxDrawdown()), ddPct.toPlainString());
        String pct = r.inPositionMillis() == 0 ? "-" : BigDecimal.valueOf(r.protectedMillis() * 100.0 / r.inPositionMillis())
                .setScale(2, RoundingMode.HALF_UP).toPlainString() + "%";
        out.printf(Locale.ROOT, "protection: in a position %d s, protected by a resting stop %d s (%s), %d bars%n",
                r.inPositionMillis() / 1000, r.protectedMillis() / 1000, pct, r.bars());
    }

    private static String money(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    static String html(Result r) {
        List<long[]> c = r.equityCents();
        long t0 = c.isEmpty() ? 0 : c.get(0)[0];
        long t1 = c.isEmpty() ? 1 : Math.max(c.get(c.size() - 1)[0], t0 + 1);
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (long[] p : c) {
            lo = Math.min(lo, p[1]);
            hi = Math.max(hi, p[1]);
        }
        if (hi <= lo) {
            hi = lo + 1;
        }
        StringBuilder pts = new StringBuilder();
        for (long[] p : c) {
            double x = 10 + 980.0 * (p[0] - t0) / (t1 - t0);
            double y = 290 - 280.0 * (p[1] - lo) / (hi - lo);
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        print(r, new PrintStream(text, true, StandardCharsets.UTF_8));
        String summary = text.toString(StandardCharsets.UTF_8).replace("&", "&amp;").replace("<", "&lt;");
        return """
                <!doctype html>
                <html><head><meta charset="utf-8"><title>pog replay</title>
                <style>body{font-family:sans-serif;margin:2em}svg{border:1px solid #ccc}pre{font-size:12px}</style>
                </head><body>
                <h1>Replay: equity</h1>
                <p>%s to %s, equity %s to %s USDC (low %s, high %s)</p>
                <svg viewBox="0 0 1000 300" width="1000" height="300"><polyline fill="none" stroke="#1565c0" stroke-width="1.5" points="%s"/></svg>
                <pre>%s</pre>
                </body></html>
                """.formatted(Instant.ofEpochMilli(t0), Instant.ofEpochMilli(t1), money(r.startEquity()),
                money(r.endEquity()), money(BigDecimal.valueOf(lo, 2)), money(BigDecimal.valueOf(hi, 2)),
                pts.toString().trim(), summary);
    }

    static List<Mark> read(Path file, long from, long to) throws IOException {
        List<Mark> out = new ArrayList<>();
        long lastTime = Long.MIN_VALUE;
        int n = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                Mark m = mark(file, n, line);
                if (m == null || m.time() < from || m.time() > to) {
                    continue;
                }
                if (m.time() < lastTime) {
                    throw new CliException(ExitCodes.CONFIG, "error: " + file + " line " + n + ": time " + m.time()
                            + " is earlier than the line before (" + lastTime + "); records must be in time order");
                }
                lastTime = m.time();
                out.add(m);
            }
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCodes.CONFIG, "error: " + file + ": no such file");
        }
        return out;
    }

    /** A mark or a trade line (its price moves the mark too); null for a line type replay does not use. */
    private static Mark mark(Path file, int n, String line) {
        JsonNode j;
        try {
            j = Json.mapper().readTree(line);
        } catch (IOException e) {
            throw new CliException(ExitCodes.CONFIG, "error: " + file + " line " + n + " is not JSON");
        }
        String type = j.path("type").asText("");
        if (!type.equals("mark") && !type.equals("trade")) {
            return null;
        }
        if (!j.path("time").canConvertToLong() || !j.path("symbol").isTextual() || j.path("price").isMissingNode()) {
            throw new CliException(ExitCodes.CONFIG, "error: " + file + " line " + n
                    + ": a " + type + " needs time (epoch ms), symbol and price");
        }
        BigDecimal price = number(file, n, j, "price");
        BigDecimal size = type.equals("trade") ? (j.has("size") ? number(file, n, j, "size") : BigDecimal.ZERO) : null;
        return new Mark(j.path("time").asLong(), j.path("symbol").asText(), price, size);
    }

    private static BigDecimal number(Path file, int n, JsonNode j, String field) {
        try {
            return new BigDecimal(j.path(field).asText());
        } catch (NumberFormatException e) {
            throw new CliException(ExitCodes.CONFIG, "error: " + file + " line " + n + ": " + field + " '"
                    + j.path(field).asText() + "' is not a number");
        }
    }

    static long time(String value, String option, long absent) {
        if (value == null) {
            return absent;
        }
        if (value.matches("\\d+")) {
            return Long.parseLong(value);
        }
        try {
            return Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new CliException(ExitCodes.CONFIG, "error: " + option + " '" + value
                    + "' is neither epoch milliseconds nor an ISO-8601 time such as 2026-12-03T08:00:00Z");
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
