package pog.bench;

import pog.common.time.ManualClock;
import pog.sim.Exchange;
import pog.paper.PaperVenue;
import pog.sim.SimConfig;
import pog.trader.config.RiskConfig;
import pog.trader.engine.Engine;
import pog.trader.journal.Journal;
import pog.trader.risk.RiskManager;
import pog.trader.strategy.Signal;
import pog.trader.strategy.Strategy;
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.Venue;

import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Strategy decision to order handed to the venue, in process: the time from the strategy returning a signal to
 * the engine calling {@code Venue.place}. That span is the engine's own work: position lookup, risk sizing, the
 * durable client id and the write-ahead journal record (two SQLite commits, WAL). The venue's own cost is outside.
 *
 * <p>Run: {@code scripts/bench-trader-decision.sh} (or {@code java -cp bench/target/benchmarks.jar
 * pog.bench.TraderDecisionLatency [orders]}). Not JMH: the span sits inside the engine's loop, so it is timed
 * where it happens, with the JIT warmed by a first pass that is not counted.
 */
public final class TraderDecisionLatency {
    private static long decidedAt;
    private static long[] samples;
    private static int count;

    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        run(orders / 4);          // warm-up, not counted
        long[] result = run(orders);
        Arrays.sort(result);
        System.out.printf("decision -> venue.place: n=%d median %.1f us, p90 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us%n",
                result.length, us(result, 0.50), us(result, 0.90), us(result, 0.99), us(result, 0.999),
                result[result.length - 1] / 1000.0);
    }

    private static double us(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1000.0;
    }

    private static long[] run(int orders) throws Exception {
        Path dir = Files.createTempDirectory("pog-bench");
        ManualClock clock = new ManualClock(1_800_000_000_000L);
        samples = new long[orders];
        count = 0;
        try (Exchange exchange = Exchange.open(SimConfig.defaults(), dir.resolve("venue.db"), clock);
             Journal journal = Journal.open(dir.resolve("journal.db"))) {
            Venue real = new PaperVenue(exchange, "bench");
            Venue timed = (Venue) Proxy.newProxyInstance(Venue.class.getClassLoader(), new Class<?>[]{Venue.class},
                    (proxy, method, a) -> {
                        if (method.getName().equals("place") && decidedAt != 0
                                && !((OrderRequest) a[0]).type().isTrigger() && count < samples.length) {
                            samples[count++] = System.nanoTime() - decidedAt;
                            decidedAt = 0;
                        }
                        try {
                            return method.invoke(real, a);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            // flips every bar: each bar either enters or exits, so every decision sends one order
            Strategy flipping = new Strategy() {
                private boolean up;

                @Override
                public Signal onBar(String symbol, BigDecimal price, long time) {
                    up = !up;
                    decidedAt = System.nanoTime();
                    return up ? Signal.LONG : Signal.SHORT;
                }

                @Override
                public String describe() {
                    return "flipping";
                }
            };
            RiskConfig risk = new RiskConfig(new BigDecimal("0.001"), new BigDecimal("0.01"), new BigDecimal("20000"),
                    new BigDecimal("5"), new BigDecimal("1000000"));
            Engine engine = new Engine("bench", timed, journal, flipping, new RiskManager(risk), clock, 1000, 1000,
                    List.of("BTC"), s -> { });
            engine.reconcile();
            while (count < samples.length) {
                clock.advanceMillis(1000);
                engine.tick();
            }
            engine.close();
        }
        return Arrays.copyOf(samples, count);
    }

    private TraderDecisionLatency() {
    }
}
