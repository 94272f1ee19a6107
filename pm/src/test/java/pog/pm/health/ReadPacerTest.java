package pog.pm.health;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ReadPacerTest {
    private static final long INTERVAL = 2_000;

    /**
     * Plays rounds of 20 reads whose answers come up to {@code worstSpread} ms after the round's due time, in a
     * shuffled order each round (a service answered first in one round may be answered last in the next), and returns
     * the longest time any service went between two answers, from the second round on.
     */
    private static long longestGap(ReadPacer pacer, long worstSpread, int rounds, long seed) {
        return longestGap(pacer, worstSpread, rounds, seed, true);
    }

    private static long longestGap(ReadPacer pacer, long worstSpread, int rounds, long seed, boolean paced) {
        Random random = new Random(seed);
        long[] last = new long[20];
        long worst = 0;
        long due = 0;
        for (int r = 0; r < rounds; r++) {
            ReadPacer.Round round = pacer.begin(due);
            List<Long> spreads = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                spreads.add(i == 0 ? worstSpread : (long) random.nextInt((int) worstSpread + 1));
            }
            Collections.shuffle(spreads, random);
            for (int s = 0; s < 20; s++) {
                long answered = due + spreads.get(s);
                round.answered(answered);
                if (r > 1) {
                    worst = Math.max(worst, answered - last[s]);
                }
                last[s] = answered;
            }
            due = paced ? pacer.nextDue(due) : due + INTERVAL;
        }
        return worst;
    }

    @Test
    void noServiceGoesUnreadLongerThanTheIntervalWhenReadsOfARoundSpreadOut() {
        assertThat(longestGap(new ReadPacer(INTERVAL), 300, 200, 1)).isLessThanOrEqualTo(INTERVAL);
    }

    @Test
    void roundsAtTheBareIntervalWouldMissThePromiseThePacerKeeps() {
        // the same rounds without a lead: what a fixed rate of intervalMs gave (2087 ms in the benchmark)
        assertThat(longestGap(new ReadPacer(INTERVAL), 300, 200, 1, false)).isGreaterThan(INTERVAL);
    }

    @Test
    void onAQuietMachineTheLeadIsSmallSoReadsBarelyIncrease() {
        ReadPacer pacer = new ReadPacer(INTERVAL);
        longestGap(pacer, 5, 20, 2);
        assertThat(pacer.leadMs()).isEqualTo(50);
        assertThat(pacer.nextDue(10_000)).isEqualTo(10_000 + INTERVAL - 50);
    }

    @Test
    void theLeadFollowsLoadUpToAQuarterOfTheIntervalAndComesBackWhenLoadGoes() {
        ReadPacer pacer = new ReadPacer(INTERVAL);
        longestGap(pacer, 300, 3, 3);
        assertThat(pacer.leadMs()).isEqualTo(375);
        longestGap(pacer, 1_500, 3, 4);
        assertThat(pacer.leadMs()).isEqualTo(INTERVAL / 4);
        longestGap(pacer, 5, ReadPacer.ROUNDS, 5);
        assertThat(pacer.leadMs()).isEqualTo(50);
    }

    @Test
    void anAnswerFromARoundLongForgottenChangesNothing() {
        ReadPacer pacer = new ReadPacer(INTERVAL);
        ReadPacer.Round old = pacer.begin(0);
        for (int i = 1; i <= ReadPacer.ROUNDS; i++) {
            pacer.begin(i * INTERVAL);
        }
        old.answered(1_000);
        assertThat(pacer.leadMs()).isEqualTo(50);
    }
}
