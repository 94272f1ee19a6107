package pog.lighter.signer.perf;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import java.util.Arrays;
import pog.lighter.signer.schnorr.PrivateKey;
import pog.lighter.signer.tx.CreateOrder;
import pog.lighter.signer.tx.OrderType;
import pog.lighter.signer.tx.SignedTx;
import pog.lighter.signer.tx.TimeInForce;
import pog.lighter.signer.tx.TxAttributes;
import pog.lighter.signer.tx.TxSigner;

/**
 * Latency of signing one create-order tx end to end (validate, hash, Schnorr, tx_info JSON), for
 * when the JMH module cannot be used. Not a unit test; run it with the test classpath:
 * {@code java -cp lighter/target/classes:lighter/target/test-classes pog.lighter.signer.perf.SignLatencyHarness [n]}.
 */
public final class SignLatencyHarness {

    private SignLatencyHarness() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        TxSigner signer = new TxSigner(PrivateKey.generate(new SecureRandom()), 304, 12345, 3);
        long sink = 0;
        for (int i = 0; i < n; i++) {
            sink += sign(signer, i).txInfo().length();
        }
        // Wall time is what a trader sees; thread CPU time shows the signer's own cost when the
        // machine is oversubscribed and the wall clock also counts time spent descheduled.
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] wall = new long[n];
        long[] cpu = new long[n];
        for (int i = 0; i < n; i++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            SignedTx tx = sign(signer, i);
            wall[i] = System.nanoTime() - t0;
            cpu[i] = mx.getCurrentThreadCpuTime() - c0;
            sink += tx.txInfo().length();
        }
        report("wall", wall);
        report("cpu ", cpu);
        System.out.println("(sink " + sink + ")");
    }

    private static void report(String what, long[] nanos) {
        int n = nanos.length;
        Arrays.sort(nanos);
        System.out.printf("create-order sign %s n=%d: median=%.1f us p90=%.1f us p99=%.1f us p99.9=%.1f us max=%.1f us%n",
                what, n, nanos[n / 2] / 1e3, nanos[(int) (n * 0.90)] / 1e3, nanos[(int) (n * 0.99)] / 1e3,
                nanos[(int) (n * 0.999)] / 1e3, nanos[n - 1] / 1e3);
    }

    private static SignedTx sign(TxSigner signer, int i) {
        CreateOrder order = new CreateOrder(1, 1 + i, 1000, 200_000 + (i & 1023), i & 1, OrderType.LIMIT,
                TimeInForce.GOOD_TILL_TIME, 0, 0, 1_900_000_000_000L);
        return signer.sign(order, i, 1_800_000_000_000L, TxAttributes.NONE);
    }
}
