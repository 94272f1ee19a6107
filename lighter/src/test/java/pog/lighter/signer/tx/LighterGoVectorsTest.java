package pog.lighter.signer.tx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import pog.lighter.signer.curve.Scalar;
import pog.lighter.signer.l1.EthKey;
import pog.lighter.signer.schnorr.PrivateKey;
import pog.lighter.signer.schnorr.Schnorr;

/**
 * Every vector of {@code lighter-go-signing-vectors.json} (made with Lighter's official Go signer at a fixed Schnorr
 * nonce, L1 signatures by go-ethereum and cross-checked with ethers): the request, read as the CLI reads it, signs to
 * the same tx_info and tx hash byte for byte; for ChangePubKey and Transfer the L1 text and signature match too, and
 * the parsed tx_info verifies under its public key and its L1 signer.
 */
class LighterGoVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    static List<JsonNode> vectors() throws IOException {
        try (InputStream in = LighterGoVectorsTest.class.getResourceAsStream(
                "/pog/lighter/signer/lighter-go-signing-vectors.json")) {
            List<JsonNode> out = new ArrayList<>();
            new ObjectMapper().readTree(in).path("vectors").forEach(out::add);
            return out;
        }
    }

    @TestFactory
    Stream<DynamicTest> everyVectorIsReproducedByteForByte() throws IOException {
        List<JsonNode> all = vectors();
        assertThat(all).hasSizeGreaterThanOrEqualTo(14);
        return all.stream().map(v -> DynamicTest.dynamicTest(v.path("name").asText(), () -> reproduce(v)));
    }

    private static void reproduce(JsonNode v) {
        int chainId = v.path("chainId").asInt();
        int type = TxType.parse(v.path("txType").path("name").asText());
        assertThat(type).isEqualTo(v.path("txType").path("number").asInt());
        assertThat(TxType.parse(v.path("txType").path("goConstant").asText())).isEqualTo(type);
        PrivateKey key = PrivateKey.fromHex(v.path("privateKey").asText());
        assertThat(key.publicKeyHex()).isEqualTo(v.path("publicKey").asText());
        long account = v.path("accountIndex").asLong();
        int apiKey = v.path("apiKeyIndex").asInt();
        long nonce = v.path("nonce").asLong();
        long expiredAt = v.path("expiredAt").asLong();
        Scalar k = Scalar.fromLittleEndianBytesReduced(HEX.parseHex(v.path("k").asText()));
        TxSigner signer = new TxSigner(key, chainId, account, apiKey);

        TxBody body = TxRequest.parse(type, v.path("request").toString(), key.publicKey());
        SignedTx plain = signer.signWithSchnorrNonce(body, nonce, expiredAt, TxAttributes.NONE, k);
        assertThat(plain.txInfo()).isEqualTo(v.path("txInfo").asText());
        assertThat(plain.txHash()).isEqualTo(v.path("txHash").asText());
        assertThat(plain.signature().toHex()).isEqualTo(v.path("sig").asText());
        assertThat(plain.txType()).isEqualTo(type);

        ParsedTx parsed = TxInfo.parse(type, plain.txInfo());
        assertThat(parsed.verify(chainId, HEX.parseHex(v.path("publicKey").asText()))).isTrue();
        assertThat(parsed.verify(chainId == 304 ? 300 : 304, HEX.parseHex(v.path("publicKey").asText()))).isFalse();
        Schnorr.Verifier verifier = Schnorr.Verifier.of(HEX.parseHex(v.path("publicKey").asText()));
        assertThat(parsed.verify(chainId, verifier)).isTrue();
        assertThat(parsed.verify(chainId == 304 ? 300 : 304, verifier)).isFalse();

        if (v.has("l1Sig")) {
            EthKey owner = EthKey.fromHex(v.path("ethPrivateKey").asText(), "vector");
            assertThat(owner.address()).isEqualTo(v.path("ethAddress").asText());
            assertThat(((L1Signed) body).l1Message(nonce, account, apiKey, chainId))
                    .isEqualTo(v.path("l1SignatureBody").asText());
            TxBody l1Body = signer.withL1Signature(body, nonce, owner);
            assertThat(((L1Signed) l1Body).l1Sig()).isEqualTo(v.path("l1Sig").asText());
            SignedTx full = signer.signWithSchnorrNonce(l1Body, nonce, expiredAt, TxAttributes.NONE, k);
            assertThat(full.txInfo()).isEqualTo(v.path("txInfoWithL1Sig").asText());
            assertThat(full.txHash()).isEqualTo(v.path("txHash").asText());
            ParsedTx back = TxInfo.parse(type, full.txInfo());
            assertThat(back.l1Signer(chainId)).isEqualTo(v.path("ethAddress").asText());
            assertThat(back.verify(chainId, HEX.parseHex(v.path("publicKey").asText()))).isTrue();
        }
    }
}
