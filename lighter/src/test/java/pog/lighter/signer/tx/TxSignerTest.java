package pog.lighter.signer.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pog.lighter.signer.curve.Scalar;
import pog.lighter.signer.field.GfP5;
import pog.lighter.signer.hash.Poseidon2;
import pog.lighter.signer.schnorr.PrivateKey;
import pog.lighter.signer.schnorr.Schnorr;

/**
 * Signed-transaction vectors captured from lighter-go (v0.0.0-20260608173247-c26ac340ce5d with
 * poseidon_crypto v0.0.15) by a third party with a fixed-nonce signer: key 7 + 3*2^64, Schnorr
 * nonce 9 + 5*2^128, chain 304, account 1, API key 0, ExpiredAt 1800000000. They pin hashing,
 * attribute aggregation, signature bytes and tx_info JSON together.
 */
class TxSignerTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final PrivateKey KEY = PrivateKey.fromHex(
            "07000000000000000300000000000000000000000000000000000000000000000000000000000000");
    private static final Scalar K = Scalar.fromLittleEndianBytesReduced(
            HEX.parseHex("09000000000000000000000000000000050000000000000000000000000000000000000000000000"));
    private static final TxSigner SIGNER = new TxSigner(KEY, 304, 1, 0);
    private static final long EXPIRED_AT = 1_800_000_000L;

    private static void assertSignedTx(SignedTx tx, String sigHex, String txInfo) {
        assertThat(tx.signature().toHex()).isEqualTo(sigHex);
        assertThat(tx.txInfo()).isEqualTo(txInfo);
        byte[] hash = HEX.parseHex(tx.txHash());
        assertThat(Schnorr.verify(KEY.publicKey().toLittleEndianBytes(), hash, tx.signature().toBytes())).isTrue();
    }

    @Test
    void createOrderMatchesLighterGo() {
        SignedTx tx = SIGNER.signWithSchnorrNonce(new CreateOrder(1, 123, 1000, 200_000, 0, OrderType.LIMIT,
                TimeInForce.IMMEDIATE_OR_CANCEL, 0, 0, 0), 7, EXPIRED_AT, TxAttributes.NONE, K);
        assertThat(tx.txType()).isEqualTo(14);
        assertThat(tx.signature().toHex()).isEqualTo("e0a05f331d066a48e1ad5a6fbbb1a14994460474f3c0fdcf2dcb40f6db19ef71"
                + "8df9e1115f8ca31e8ec991d573d321d00d00c616935f57f90a46aecbbea69a426fc293ae4dab259c8fc017adfa61c55c");
        assertThat(tx.txInfo()).isEqualTo("{\"AccountIndex\":1,\"ApiKeyIndex\":0,\"MarketIndex\":1,\"ClientOrderIndex\":123,"
                + "\"BaseAmount\":1000,\"Price\":200000,\"IsAsk\":0,\"Type\":0,\"TimeInForce\":0,\"ReduceOnly\":0,"
                + "\"TriggerPrice\":0,\"OrderExpiry\":0,\"ExpiredAt\":1800000000,\"Nonce\":7,\"Sig\":\""
                + Base64.getEncoder().encodeToString(tx.signature().toBytes()) + "\",\"L2TxAttributes\":null}");
    }

    @Test
    void cancelOrderMatchesLighterGo() {
        assertSignedTx(SIGNER.signWithSchnorrNonce(new CancelOrder(1, 2), 3, EXPIRED_AT, TxAttributes.NONE, K),
                "e28ec6f5f16f62e41b05f730898d9304259952a2bad9b66b673ec1428aa68583efbe59a2b15a0f677ab606e17250fa1a"
                        + "ff29d3e31650aae9e13600fe4cfc309a9c0aeabf15a5bb41dea2aadd0662f024",
                "{\"AccountIndex\":1,\"ApiKeyIndex\":0,\"MarketIndex\":1,\"Index\":2,\"ExpiredAt\":1800000000,\"Nonce\":3,"
                        + "\"Sig\":\"4o7G9fFvYuQbBfcwiY2TBCWZUqK62bZrZz7BQoqmhYPvvlmisVoPZ3q2BuFyUPoa/ynT4xZQqunhNgD+TPwwmpwK6r8Vp"
                        + "btB3qKq3QZi8CQ=\",\"L2TxAttributes\":null}");
    }

    @Test
    void cancelAllOrdersForOneMarketAggregatesTheAttributeHash() {
        assertSignedTx(SIGNER.signWithSchnorrNonce(new CancelAllOrders(TimeInForce.CANCEL_ALL_IMMEDIATE, 0), 4, EXPIRED_AT,
                        TxAttributes.NONE.with(TxAttributes.CANCEL_ALL_MARKET_INDEX, 1), K),
                "bf2695a1e6fcbef0e128f8310fa35833d5a8285387bd787ed13873f8e0e1763ab7be9c4058c1db428ee614b1ba8ce2be"
                        + "394e0d4fc624d1d87636fe87334c3419746816b9ada88b0672034c3c6eade400",
                "{\"AccountIndex\":1,\"ApiKeyIndex\":0,\"TimeInForce\":0,\"Time\":0,\"ExpiredAt\":1800000000,\"Nonce\":4,"
                        + "\"Sig\":\"vyaVoeb8vvDhKPgxD6NYM9WoKFOHvXh+0Thz+ODhdjq3vpxAWMHbQo7mFLG6jOK+OU4NT8Yk0dh2Nv6HM0w0GXRoFrmt"
                        + "qIsGcgNMPG6t5AA=\",\"L2TxAttributes\":{\"5\":1}}");
    }

    @Test
    void modifyOrderWithIntegratorAttributesMatchesLighterGo() {
        TxAttributes attrs = TxAttributes.of(Map.of(TxAttributes.INTEGRATOR_ACCOUNT_INDEX, 5L,
                TxAttributes.INTEGRATOR_TAKER_FEE, 6L, TxAttributes.INTEGRATOR_MAKER_FEE, 7L));
        assertSignedTx(SIGNER.signWithSchnorrNonce(new ModifyOrder(1, 2, 3, 4, 0), 8, EXPIRED_AT, attrs, K),
                "435651223136685e56386aae83d825f2a23a50f07966d7bdadc4e94790a90ce892aff6669d4fb63f583730eb8a89453c"
                        + "38d505c7cdef28638f25688f2c36aad8455048722fd906e3003a68f6fd128b57",
                "{\"AccountIndex\":1,\"ApiKeyIndex\":0,\"MarketIndex\":1,\"Index\":2,\"BaseAmount\":3,\"Price\":4,"
                        + "\"TriggerPrice\":0,\"ExpiredAt\":1800000000,\"Nonce\":8,\"Sig\":\"Q1ZRIjE2aF5WOGqug9gl8qI6UPB5Zte9rc"
                        + "TpR5CpDOiSr/ZmnU+2P1g3MOuKiUU8ONUFx83vKGOPJWiPLDaq2EVQSHIv2QbjADpo9v0Si1c=\","
                        + "\"L2TxAttributes\":{\"1\":5,\"2\":6,\"3\":7}}");
    }

    @Test
    void updateLeverageMatchesLighterGo() {
        assertSignedTx(SIGNER.signWithSchnorrNonce(new UpdateLeverage(1, 100, 0), 9, EXPIRED_AT, TxAttributes.NONE, K),
                "8e59ebaf9667607617b86aaf949a10d21e22a5718c08fc42074f8d99faaea5282d6a92c9d1114b0ba7627fdbb196404b"
                        + "595b87b6302a38c848ac6fdcd5ecb17fc7f82df08672e28bb5fa1c167c44bd22",
                "{\"AccountIndex\":1,\"ApiKeyIndex\":0,\"MarketIndex\":1,\"InitialMarginFraction\":100,\"MarginMode\":0,"
                        + "\"ExpiredAt\":1800000000,\"Nonce\":9,\"Sig\":\"jlnrr5ZnYHYXuGqvlJoQ0h4ipXGMCPxCB0+NmfqupSgtapLJ0RFLC6"
                        + "dif9uxlkBLWVuHtjAqOMhIrG/c1eyxf8f4LfCGcuKLtfocFnxEvSI=\",\"L2TxAttributes\":null}");
    }

    @Test
    void updateMarginWithANegativeAmountMatchesLighterGo() {
        // -10 is hashed as its low 32 bits and -1 (the arithmetic high part), each as a uint64 bit pattern.
        assertSignedTx(SIGNER.signWithSchnorrNonce(new UpdateMargin(1, -10, 1), 10, EXPIRED_AT, TxAttributes.NONE, K),
                "323fdad0b3a2eeae15a2ffca5b89e0ff622254d1d91035cd36a9c6883f652156aa54bbbbc6c0de21e16da2a57518c591"
                        + "0881af9029947f4c455984a6bd3779abd51a7a6dccb700daa090c9fd69a3d86a",
                "{\"AccountIndex\":1,\"ApiKeyIndex\":0,\"MarketIndex\":1,\"USDCAmount\":-10,\"Direction\":1,"
                        + "\"ExpiredAt\":1800000000,\"Nonce\":10,\"Sig\":\"Mj/a0LOi7q4Vov/KW4ng/2IiVNHZEDXNNqnGiD9lIVaqVLu7xsDe"
                        + "IeFtoqV1GMWRCIGvkCmUf0xFWYSmvTd5q9Uaem3MtwDaoJDJ/Wmj2Go=\",\"L2TxAttributes\":null}");
    }

    @Test
    void authTokenMatchesLighterGo() {
        assertThat(SIGNER.authTokenWithSchnorrNonce(1_800_000_000L, K)).isEqualTo("1800000000:1:0:"
                + "b4af0d1c8b2b48f5b5115dcdd3e9a1a51dadadf52c5bed7ef4acbc56786e118897d9dab1a356c258"
                + "af1cca4bd13bdf5ed2e90b2ee0187323f0b17fadf4e136bd755fe35cbcf222d96d44575d7ab91920");
    }

    @Test
    void randomlySignedAuthTokenVerifies() {
        String token = SIGNER.authToken(1_800_000_000L);
        String[] parts = token.split(":");
        assertThat(parts).hasSize(4);
        assertThat(parts[0] + ":" + parts[1] + ":" + parts[2]).isEqualTo("1800000000:1:0");
        GfP5 hash = pog.lighter.signer.hash.Poseidon2.hashToQuinticExtension(TxSigner.asciiWords("1800000000:1:0"));
        assertThat(Schnorr.verify(KEY.publicKey().toLittleEndianBytes(), hash.toLittleEndianBytes(), HEX.parseHex(parts[3])))
                .isTrue();
    }

    @Test
    void randomlySignedTxVerifiesAndAnyChangedFieldChangesTheHash() {
        TxSigner signer = new TxSigner(PrivateKey.generate(new SecureRandom()), 304, 281474976710654L, 254);
        CreateOrder order = new CreateOrder(0, 42, 1000, 50_000, 1, OrderType.LIMIT, TimeInForce.GOOD_TILL_TIME, 0, 0,
                1_900_000_000_000L);
        SignedTx tx = signer.sign(order, 5, 1_800_000_000_000L, TxAttributes.skipNonce());
        byte[] pk = signer.key().publicKey().toLittleEndianBytes();
        assertThat(Schnorr.verify(pk, HEX.parseHex(tx.txHash()), tx.signature().toBytes())).isTrue();
        assertThat(tx.txInfo()).endsWith("\"L2TxAttributes\":{\"4\":1}}");

        GfP5 base = signer.messageHash(order, 5, 1_800_000_000_000L, TxAttributes.NONE);
        CreateOrder[] variants = {
            new CreateOrder(1, 42, 1000, 50_000, 1, 0, 1, 0, 0, 1_900_000_000_000L),
            new CreateOrder(0, 43, 1000, 50_000, 1, 0, 1, 0, 0, 1_900_000_000_000L),
            new CreateOrder(0, 42, 1001, 50_000, 1, 0, 1, 0, 0, 1_900_000_000_000L),
            new CreateOrder(0, 42, 1000, 50_001, 1, 0, 1, 0, 0, 1_900_000_000_000L),
            new CreateOrder(0, 42, 1000, 50_000, 0, 0, 1, 0, 0, 1_900_000_000_000L),
            new CreateOrder(0, 42, 1000, 50_000, 1, 0, 2, 0, 0, 1_900_000_000_000L),
            new CreateOrder(0, 42, 1000, 50_000, 1, 0, 1, 1, 0, 1_900_000_000_000L),
            new CreateOrder(0, 42, 1000, 50_000, 1, 0, 1, 0, 0, 1_900_000_000_001L),
        };
        for (CreateOrder v : variants) {
            GfP5 h = signer.messageHash(v, 5, 1_800_000_000_000L, TxAttributes.NONE);
            assertThat(h).as("%s", v).isNotEqualTo(base);
            assertThat(Schnorr.verify(pk, h.toLittleEndianBytes(), signer.sign(order, 5, 1_800_000_000_000L).signature()
                    .toBytes())).isFalse();
        }
        assertThat(signer.messageHash(order, 6, 1_800_000_000_000L, TxAttributes.NONE)).isNotEqualTo(base);
        assertThat(signer.messageHash(order, 5, 1_800_000_000_001L, TxAttributes.NONE)).isNotEqualTo(base);
        assertThat(new TxSigner(signer.key(), 300, 281474976710654L, 254)
                .messageHash(order, 5, 1_800_000_000_000L, TxAttributes.NONE)).isNotEqualTo(base);
    }

    @Test
    void invalidOrdersAreRefusedBeforeSigning() {
        assertThatThrownBy(() -> SIGNER.sign(new CreateOrder(1, 1, 1000, 0, 0, 0, 0, 0, 0, 0), 1, EXPIRED_AT))
                .hasMessageContaining("Price");
        assertThatThrownBy(() -> SIGNER.sign(new CreateOrder(1, 1, 1000, 10, 0, OrderType.LIMIT,
                TimeInForce.GOOD_TILL_TIME, 0, 0, 0), 1, EXPIRED_AT)).hasMessageContaining("OrderExpiry");
        assertThatThrownBy(() -> SIGNER.sign(new CreateOrder(1, 1, 1000, 10, 0, OrderType.STOP_LOSS,
                TimeInForce.IMMEDIATE_OR_CANCEL, 1, 0, EXPIRED_AT), 1, EXPIRED_AT)).hasMessageContaining("TriggerPrice");
        assertThatThrownBy(() -> SIGNER.sign(new CancelOrder(300, 1), 1, EXPIRED_AT)).hasMessageContaining("MarketIndex");
        assertThatThrownBy(() -> SIGNER.sign(new CancelOrder(1, 1), -1, EXPIRED_AT)).hasMessageContaining("Nonce");
        assertThatThrownBy(() -> SIGNER.sign(new CancelAllOrders(TimeInForce.CANCEL_ALL_SCHEDULED, 1), 1, EXPIRED_AT,
                TxAttributes.NONE.with(TxAttributes.CANCEL_ALL_MARKET_INDEX, 1))).hasMessageContaining("scheduled");
        assertThatThrownBy(() -> SIGNER.sign(new UpdateLeverage(1, 0, 0), 1, EXPIRED_AT))
                .hasMessageContaining("InitialMarginFraction");
        assertThatThrownBy(() -> SIGNER.sign(new CancelOrder(1, 1), 1, EXPIRED_AT,
                TxAttributes.NONE.with(TxAttributes.INTEGRATOR_TAKER_FEE, 5))).hasMessageContaining("integrator");
    }

    @Test
    void groupedOrdersHashTheirOrdersByTwoToOneFoldingAndSerializeAsAnArray() {
        // No captured lighter-go vector for this type: the hash is rebuilt from primitives that have one.
        CreateOrder entry = new CreateOrder(1, 5, 1000, 50_000, 0, OrderType.MARKET, TimeInForce.IMMEDIATE_OR_CANCEL, 0, 0, 0);
        CreateOrder stop = new CreateOrder(1, 6, 0, 45_000, 1, OrderType.STOP_LOSS, TimeInForce.IMMEDIATE_OR_CANCEL, 1,
                46_000, 1_900_000_000_000L);
        CreateGroupedOrders group = new CreateGroupedOrders(CreateGroupedOrders.ONE_TRIGGERS_THE_OTHER, List.of(entry, stop));
        long[] folded = Poseidon2.hashTwoToOne(Poseidon2.hashNoPad(entry.hashElements()), Poseidon2.hashNoPad(stop.hashElements()));
        GfP5 expected = Poseidon2.hashToQuinticExtension(304, 28, 3, EXPIRED_AT, 1, 0, 1, folded[0], folded[1], folded[2],
                folded[3]);
        assertThat(SIGNER.messageHash(group, 3, EXPIRED_AT, TxAttributes.NONE)).isEqualTo(expected);
        SignedTx tx = SIGNER.sign(group, 3, EXPIRED_AT);
        assertThat(tx.txInfo()).startsWith("{\"AccountIndex\":1,\"ApiKeyIndex\":0,\"GroupingType\":1,\"Orders\":[{\"MarketIndex\":1,"
                + "\"ClientOrderIndex\":5,").contains("\"OrderExpiry\":0},{\"MarketIndex\":1,\"ClientOrderIndex\":6,");
        assertThatThrownBy(() -> SIGNER.sign(new CreateGroupedOrders(CreateGroupedOrders.ONE_TRIGGERS_THE_OTHER,
                List.of(entry, entry)), 3, EXPIRED_AT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void signerToStringNeverShowsThePrivateKey() {
        assertThat(SIGNER.toString()).doesNotContain(KEY.revealHex()).contains("redacted");
    }
}
