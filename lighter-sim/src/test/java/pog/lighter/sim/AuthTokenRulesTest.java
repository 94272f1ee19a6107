package pog.lighter.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pog.lighter.signer.schnorr.PrivateKey;
import pog.lighter.signer.tx.TxSigner;

/**
 * Account-private reads need an auth token as the SDKs' CreateAuthToken makes it: for that account, by a registered
 * key of it, not expired, at most 8 hours ahead. Each refusal is 20013 and says which rule failed.
 */
class AuthTokenRulesTest extends LighterSimTest {
    @BeforeEach
    void start() throws Exception {
        h.register();
    }

    private SimHarness.Answer active(String token) throws Exception {
        return h.get("/api/v1/accountActiveOrders?account_index=" + SimHarness.ACCOUNT + "&market_id=0"
                + (token == null ? "" : "&auth=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));
    }

    private static void refused(SimHarness.Answer a, String message) {
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body().path("code").asInt()).isEqualTo(20013);
        assertThat(a.body().path("message").asText()).isEqualTo(message);
    }

    private long now() {
        return h.clock.millis() / 1000;
    }

    @Test
    void aFreshTokenReadsAndItStopsWorkingAtItsDeadline() throws Exception {
        String token = h.signer.authToken(now() + 600);
        assertThat(active(token).status()).isEqualTo(200);
        h.clock.advance(java.time.Duration.ofSeconds(600));
        assertThat(active(token).status()).isEqualTo(200);
        h.clock.advance(java.time.Duration.ofSeconds(1));
        refused(active(token), "invalid auth: the token expired at 2026-01-01T00:10:00Z");
    }

    @Test
    void missingMalformedTooLongForeignAndForgedTokensAreRefused() throws Exception {
        refused(active(null), "invalid auth: missing auth token");
        refused(active("soon:7:3:00"), "invalid auth: auth token is malformed");
        refused(active(h.signer.authToken(now() + 8 * 3600 + 1)),
                "invalid auth: the token's deadline is more than 8 hours ahead");
        assertThat(active(h.signer.authToken(now() + 8 * 3600)).status()).isEqualTo(200);

        // a token of another account, even a valid one, does not read this account
        PrivateKey otherKey = PrivateKey.generate(new SecureRandom());
        assertThat(h.sim().registerApiKey(8, 3, otherKey.publicKeyHex())).isTrue();
        TxSigner other = new TxSigner(otherKey, LighterSimConfig.DEFAULT_CHAIN_ID, 8, 3);
        refused(active(other.authToken(now() + 600)), "invalid auth: the token is for account 8, not 7");

        // this account's name and slot, signed by a key that is not the slot's
        TxSigner forger = new TxSigner(otherKey, LighterSimConfig.DEFAULT_CHAIN_ID, SimHarness.ACCOUNT, SimHarness.API_KEY);
        refused(active(forger.authToken(now() + 600)), "invalid auth: the signature is not by api key 3 of account 7");
        TxSigner emptySlot = new TxSigner(h.signer.key(), LighterSimConfig.DEFAULT_CHAIN_ID, SimHarness.ACCOUNT, 5);
        refused(active(emptySlot.authToken(now() + 600)), "invalid auth: api key 5 of account 7 is not registered");
    }

    @Test
    void theTokenMayComeInTheAuthorizationHeader() throws Exception {
        java.net.http.HttpResponse<String> r = h.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        h.base() + "/api/v1/accountActiveOrders?account_index=7&market_id=0"))
                .header("Authorization", h.signer.authToken(now() + 600)).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
    }
}
