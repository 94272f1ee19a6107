package pog.trader.strategy.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.time.ManualClock;
import pog.trader.strategy.Intent;
import pog.trader.strategy.Signal;
import pog.trader.strategy.StrategyEvent;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The process host against real Python children: the example, and children that crash, hang or talk nonsense. */
class ProcessStrategyTest {
    static final Path EXAMPLE = example();

    private final ManualClock clock = new ManualClock(1_800_000_000_000L);
    private final List<ProcessStrategy> strategies = new ArrayList<>();

    static Path example() {
        Path p = Path.of("examples/strategies/python/ema_cross.py").toAbsolutePath();
        return Files.exists(p) ? p : Path.of("..").resolve("examples/strategies/python/ema_cross.py").toAbsolutePath();
    }

    @AfterEach
    void closeAll() {
        strategies.forEach(ProcessStrategy::close);
    }

    private ProcessStrategy host(long answerMillis, String... command) {
        ProcessStrategy s = new ProcessStrategy(List.of(command), null, List.of("BTC"), answerMillis, clock);
        strategies.add(s);
        return s;
    }

    private static StrategyEvent.Bar bar(double price) {
        return new StrategyEvent.Bar("BTC", 0, BigDecimal.valueOf(price), BigDecimal.ZERO, null,
                new BigDecimal("10000"), true);
    }

    private static List<Intent> feed(ProcessStrategy s, double... prices) {
        List<Intent> last = List.of();
        for (double p : prices) {
            last = s.onEvent(bar(p));
        }
        return last;
    }

    /** A child that answers hello, then behaves as {@code onBar} (Python) says. */
    private ProcessStrategy child(long answerMillis, String onBar) {
        String program = String.join("\n",
                "import json, sys, time",
                "for line in sys.stdin:",
                "    m = json.loads(line)",
                "    if m['type'] == 'hello':",
                "        print(json.dumps({'version': 1}), flush=True)",
                "        continue",
                "    " + onBar);
        return host(answerMillis, "python3", "-c", program);
    }

    @Test
    void thePythonExampleGoesLongOnRisingPrices() {
        ProcessStrategy s = host(5000, "python3", EXAMPLE.toString(), "--fast", "2", "--slow", "4",
                "--min-spread-bps", "1");
        assertThat(feed(s, 100, 101)).isEmpty();
        List<Intent> intents = feed(s, 102, 103, 104);
        assertThat(intents).containsExactly(Intent.target("BTC", Signal.LONG));
        assertThat(feed(s, 100, 96, 92, 88)).containsExactly(Intent.target("BTC", Signal.SHORT));
        assertThat(s.status().ok()).isTrue();
    }

    @Test
    void aCrashedStrategyIsDownWithItsLastErrorLineAndRestartsAfterTheBackoff() {
        ProcessStrategy s = child(5000, "print('model file missing: weights.bin', file=sys.stderr, flush=True); sys.exit(3)");
        assertThat(s.onEvent(bar(100))).isEmpty();
        assertThat(s.status().ok()).isFalse();
        assertThat(s.status().detail()).startsWith("down: model file missing: weights.bin")
                .contains("exited with code 3");
        assertThat(s.pid()).isEqualTo(-1);

        assertThat(s.onEvent(bar(100))).isEmpty();
        assertThat(s.starts()).as("no restart before the backoff has passed").isEqualTo(1);
        clock.advanceMillis(ProcessStrategy.FIRST_BACKOFF_MILLIS);
        s.onEvent(bar(100));
        assertThat(s.starts()).isEqualTo(2);
    }

    @Test
    void aHungStrategyIsEndedAfterTheDeadlineAndDecidesNothing() {
        ProcessStrategy s = child(300, "time.sleep(3600)");
        // Python may take longer than 300 ms to start on a loaded machine: that is "starting", not hung
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
            assertThat(s.onEvent(bar(100))).isEmpty();
            return s.status().detail().startsWith("down");
        });
        assertThat(s.status().ok()).isFalse();
        assertThat(s.status().detail()).contains("no answer within 300 ms to bar");
        assertThat(s.pid()).isEqualTo(-1);
    }

    @Test
    void nonsenseIsAFailureNotADecision() {
        ProcessStrategy s = child(5000, "print('buy everything!!', flush=True)");
        assertThat(s.onEvent(bar(100))).isEmpty();
        assertThat(s.status().detail()).contains("not JSON: buy everything!!");

        clock.advanceMillis(ProcessStrategy.FIRST_BACKOFF_MILLIS);
        ProcessStrategy t = child(5000, "print(json.dumps({'intents': [{'symbol': 'DOGE', 'target': 'long'}]}), flush=True)");
        assertThat(t.onEvent(bar(100))).isEmpty();
        assertThat(t.status().detail()).contains("symbol 'DOGE', which this trader does not trade");
    }

    @Test
    void theBackoffDoublesUpToThirtySeconds() {
        ProcessStrategy s = child(5000, "sys.exit(1)");
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            s.onEvent(bar(100));
            int starts = s.starts();
            long waited = 0;
            while (s.starts() == starts) {
                clock.advanceMillis(500);
                waited += 500;
                s.onEvent(bar(100));
            }
            waits.add(waited);
        }
        assertThat(waits).containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 30_000L, 30_000L, 30_000L);
    }

    /** A v2 child asking for timers: a good one is armed, a bad one told back as a refusal, whose answer counts. */
    @Test
    void timersAskedForByAVersion2ChildAreArmedOrRefusedBackToIt() {
        String program = String.join("\n",
                "import json, sys",
                "for line in sys.stdin:",
                "    m = json.loads(line)",
                "    if m['type'] == 'hello':",
                "        print(json.dumps({'version': 2}), flush=True)",
                "    elif m['type'] == 'refused':",
                "        print(json.dumps({'intents': [{'symbol': 'BTC', 'target': 'flat'}], 'echo': m}), flush=True)",
                "    else:",
                "        print(json.dumps({'timers': [{'name': 'ok', 'afterMillis': 5000},",
                "                                     {'name': 'bad', 'afterMillis': 1}]}), flush=True)");
        ProcessStrategy s = host(5000, "python3", "-c", program);
        java.util.Map<String, Long> armed = new java.util.HashMap<>();
        List<String> refusedNames = new ArrayList<>();
        s.timers(new pog.trader.strategy.Timers() {
            @Override
            public String after(String name, long afterMillis) {
                if (afterMillis < MIN_MILLIS) {
                    refusedNames.add(name);
                    return "too soon";
                }
                armed.put(name, afterMillis);
                return null;
            }

            @Override
            public void cancel(String name) {
                armed.remove(name);
            }
        });
        List<Intent> out = s.onEvent(bar(100));
        assertThat(s.contractVersion()).isEqualTo(2);
        assertThat(armed).containsEntry("ok", 5000L);
        assertThat(refusedNames).containsExactly("bad");
        // the refusal's answer (flat) is part of what the bar led to
        assertThat(out).containsExactly(Intent.target("BTC", Signal.FLAT));
        assertThat(s.status().ok()).isTrue();
    }

    @Test
    void aVersion1ChildAskingForTimersTalksNonsense() {
        ProcessStrategy s = child(5000, "print(json.dumps({'timers': [{'name': 'x', 'afterMillis': 100}]}), flush=True)");
        assertThat(s.onEvent(bar(100))).isEmpty();
        assertThat(s.status().ok()).isFalse();
        assertThat(s.status().detail()).contains("asked for timers, which protocol version 1");
    }

    /** A child that loads something big first: the trader does not wait for it, and it comes up when it answers. */
    @Test
    void aSlowStartingChildIsStartingNotDownAndNeverWaitedOn() {
        ProcessStrategy s = host(200, "python3", "-c", String.join("\n",
                "import json, sys, time",
                "time.sleep(1.5)",
                "for line in sys.stdin:",
                "    m = json.loads(line)",
                "    print(json.dumps({'version': 2} if m['type'] == 'hello' else {'intents': []}), flush=True)"));
        assertThat(s.onEvent(bar(100))).isEmpty();
        assertThat(s.status().detail()).isEqualTo("starting: waiting for its answer to hello");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
            s.onEvent(bar(100));
            return s.status().ok();
        });
        assertThat(s.starts()).isEqualTo(1);
        assertThat(s.contractVersion()).isEqualTo(2);
        // past the hello deadline on the trader's clock without an answer: down, as any hang
        ProcessStrategy mute = host(200, "python3", "-c", "import time\ntime.sleep(3600)");
        mute.onEvent(bar(100));
        assertThat(mute.status().ok()).isFalse();
        clock.advanceMillis(ProcessStrategy.HELLO_MILLIS);
        mute.onEvent(bar(100));
        assertThat(mute.status().detail()).contains("no answer within 10000 ms to hello");
    }

    @Test
    void aChildSpeakingAnotherProtocolVersionIsNotUsed() {
        ProcessStrategy s = host(5000, "python3", "-c",
                "import sys, json\nfor l in sys.stdin: print(json.dumps({'version': 3}), flush=True)");
        assertThat(s.onEvent(bar(100))).isEmpty();
        assertThat(s.status().detail()).contains("protocol version 3; this trader speaks versions 1 to 2");
    }

    @Test
    void aBookEventStartsTheChildBeforeAnyBarAndOnlyAVersion2ChildHearsIt(@TempDir Path dir) throws Exception {
        Path events = dir.resolve("events.jsonl");
        ProcessStrategy s = host(5000, "python3", EXAMPLE.toString(), "--events", events.toString());
        // before any child answered, the trader may offer version 2 events: they are what starts it on a quiet market
        assertThat(s.contractVersion()).isEqualTo(2);
        StrategyEvent.Book book = new StrategyEvent.Book("BTC", 5, new BigDecimal("99"), BigDecimal.ONE,
                new BigDecimal("101"), BigDecimal.TEN);
        assertThat(s.onEvent(book)).isEmpty();
        assertThat(s.starts()).isEqualTo(1);
        assertThat(s.status().ok()).isTrue();
        assertThat(Files.readAllLines(events)).singleElement().satisfies(line -> assertThat(line)
                .contains("\"type\": \"book\"").contains("\"bid\": \"99\""));

        // a version 1 child started the same way never sees it, and from then on says version 1
        Path v1events = dir.resolve("v1.jsonl");
        ProcessStrategy v1 = host(5000, "python3", EXAMPLE.toString(), "--protocol", "1", "--events",
                v1events.toString());
        assertThat(v1.onEvent(book)).isEmpty();
        assertThat(v1.starts()).isEqualTo(1);
        assertThat(v1.contractVersion()).isEqualTo(1);
        assertThat(v1events).doesNotExist();
    }
}
