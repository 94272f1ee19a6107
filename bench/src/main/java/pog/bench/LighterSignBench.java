package pog.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import pog.lighter.signer.schnorr.PrivateKey;
import pog.lighter.signer.tx.CreateOrder;
import pog.lighter.signer.tx.OrderType;
import pog.lighter.signer.tx.SignedTx;
import pog.lighter.signer.tx.TimeInForce;
import pog.lighter.signer.tx.TxAttributes;
import pog.lighter.signer.tx.TxSigner;

/**
 * Latency of signing one Lighter create-order tx: validate, Poseidon2 tx hash, Schnorr over ECgFp5 with a fresh
 * SecureRandom nonce, tx_info JSON. Target: p99 at most 300 us. Nonce and client order index change every call so
 * nothing can be cached. Run: {@code java -jar bench/target/benchmarks.jar LighterSignBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LighterSignBench {
    private TxSigner signer;
    private long nonce;

    @Setup
    public void setup() {
        // A throwaway key from the signer tests, not a real one.
        signer = new TxSigner(
                PrivateKey.fromHex("07000000000000000300000000000000000000000000000000000000000000000000000000000000"),
                304, 12_345, 3);
        nonce = 1;
    }

    /** The measured path: what a trader does for every order it places on Lighter. */
    @Benchmark
    public SignedTx signCreateOrder() {
        long n = nonce++;
        CreateOrder order = new CreateOrder(1, 1 + (n & 0xFFFFFF), 1_000, 200_000, (int) (n & 1), OrderType.LIMIT,
                TimeInForce.GOOD_TILL_TIME, 0, 0, 1_900_000_000_000L);
        return signer.sign(order, n, 1_800_000_000_000L, TxAttributes.NONE);
    }
}
