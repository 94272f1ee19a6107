package pog.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import pog.hyperliquid.signing.L1Action;
import pog.hyperliquid.signing.L1Signer;
import pog.hyperliquid.signing.Network;
import pog.hyperliquid.signing.PrivateKey;
import pog.hyperliquid.signing.Signature;
import pog.hyperliquid.wire.Actions;
import pog.hyperliquid.wire.Cloid;
import pog.hyperliquid.wire.Grouping;
import pog.hyperliquid.wire.OrderTypeWire;
import pog.hyperliquid.wire.OrderWire;
import pog.hyperliquid.wire.Tif;

import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Latency of signing one Hyperliquid order: build the order action (price/size formatting, cloid), msgpack it,
 * hash, EIP-712 digest, secp256k1 sign. Target: p99 at most 150 us. The nonce changes every call so nothing can
 * be cached between calls. Run: {@code java -jar bench/target/benchmarks.jar HyperliquidSignBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HyperliquidSignBench {
    private L1Signer signer;
    private BigDecimal price;
    private BigDecimal size;
    private long nonce;

    @Setup
    public void setup() {
        // A published test key, not a real one.
        signer = new L1Signer(
                PrivateKey.fromHex("0x0123456789012345678901234567890123456789012345678901234567890123"),
                Network.MAINNET);
        price = new BigDecimal("1670.1");
        size = new BigDecimal("0.0147");
        nonce = 1_700_000_000_000L;
    }

    /** The measured path: what a trader does for every order it places. */
    @Benchmark
    public Signature signOrder() {
        long n = ++nonce;
        return signer.sign(new L1Action(orderAction(n), n));
    }

    /** The same without the secp256k1 signature (build, msgpack, keccak, EIP-712): shows where the time goes. */
    @Benchmark
    public byte[] hashOrder() {
        long n = ++nonce;
        return new L1Action(orderAction(n), n).digest(Network.MAINNET);
    }

    private ObjectNode orderAction(long n) {
        return Actions.order(List.of(OrderWire.of(4, true, price, size, 4, false,
                new OrderTypeWire.Limit(Tif.GTC), Cloid.fromClientOrderId("bench-" + n))), Grouping.NA);
    }
}
