package pog.sim;

import pog.common.time.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;
import static pog.sim.Sim.market;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.venue.Fill;
import pog.venue.Side;
import pog.venue.VenueListener;

class ConcurrencyTest {
    @TempDir
    Path dir;

    @Test
    void tradersAndTheFeedOnSeveralThreadsLoseNothingAndListenersSeeCommitOrder() throws Exception {
        ManualClock clock = new ManualClock(Sim.T0);
        try (Exchange ex = Sim.open(dir.resolve("sim.db"), clock)) {
            List<Long> heardCursors = new CopyOnWriteArrayList<>();
            List<String> accounts = List.of("a", "b", "c");
            for (String account : accounts) {
                ex.subscribe(account, new VenueListener() {
                    @Override
                    public void onFill(Fill fill) {
                        heardCursors.add(fill.cursor());
                    }
                });
            }
            ex.subscribe("a", new VenueListener() {
                @Override
                public void onFill(Fill fill) {
                    if (fill.clientId().equals("a0")) {
                        throw new IllegalStateException("a broken listener must not hurt anyone else (expected in test)");
                    }
                }
            });
            int perThread = 100;
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (String account : accounts) {
                threads.add(new Thread(() -> {
                    await(start);
                    for (int i = 0; i < perThread; i++) {
                        ex.place(account, market(account + i, "ETH", i % 2 == 0 ? Side.BUY : Side.SELL, "0.1"));
                    }
                }));
            }
            threads.add(new Thread(() -> {
                await(start);
                for (int i = 0; i < perThread; i++) {
                    ex.step();
                }
            }));
            threads.forEach(Thread::start);
            start.countDown();
            for (Thread t : threads) {
                t.join();
            }

            List<Long> all = new ArrayList<>();
            for (String account : accounts) {
                List<Fill> fills = ex.fillsSince(account, 0);
                assertThat(fills).hasSize(perThread);
                assertThat(ex.positions(account)).isEmpty();
                fills.forEach(f -> all.add(f.cursor()));
            }
            assertThat(all).doesNotHaveDuplicates().hasSize(3 * perThread);
            assertThat(heardCursors).hasSize(3 * perThread).isSorted();
            assertThat(ex.stepCount()).isEqualTo(perThread);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
