package pog.lighter.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.lighter.signer.l1.EthKey;
import pog.lighter.signer.schnorr.PrivateKey;
import pog.lighter.signer.tx.ChangePubKey;
import pog.lighter.signer.tx.SignedTx;
import pog.lighter.signer.tx.TxAttributes;
import pog.lighter.signer.tx.TxSigner;
import pog.lighter.signer.tx.TxType;
import pog.venue.VenueException;
import pog.venue.net.Backoff;
import pog.venue.net.OutcomeUnknownException;
import pog.venue.net.RateLimiter;
import pog.venue.net.Sleeper;

/**
 * Registers an API key the way Lighter's SDKs do: a ChangePubKey for the slot, signed on L2 by the new key itself and
 * on L1 by the account owner's Ethereum key, at the slot's next nonce; then waits until {@code apikeys} reports the
 * key. Nothing is sent when the slot already holds the key.
 */
public final class KeyRegistration {
    private static final Logger log = LoggerFactory.getLogger(KeyRegistration.class);
    private static final Duration POLL = Duration.ofMillis(250);

    /** What happened: the slot already held the key, or a ChangePubKey at {@code nonce} with {@code txHash}. */
    public record Result(boolean alreadyRegistered, long nonce, String txHash) {
    }

    /** One sentence for the person: what the venue said, or that it could not be reached. */
    public static final class RegistrationException extends RuntimeException {
        RegistrationException(String message) {
            super(message, null, false, false);
        }
    }

    private final String baseUrl;
    private final LighterRest rest;
    private final Clock clock;

    public KeyRegistration(String baseUrl, Duration requestTimeout, Clock clock) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.baseUrl = base;
        this.clock = clock;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1).build();
        this.rest = new LighterRest(http, base, requestTimeout,
                new Backoff(Duration.ofMillis(250), Duration.ofSeconds(2), () -> 0.5), 2,
                new RateLimiter(600, clock, Sleeper.REAL));
    }

    /** The public key the venue reports for the slot (lowercase hex, no 0x), or null when the slot is empty. */
    public String registeredKey(long account, int apiKeyIndex) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("account_index", Long.toString(account));
        q.put("api_key_index", Integer.toString(apiKeyIndex));
        for (JsonNode k : call(() -> rest.get("apikeys", q, null)).path("api_keys")) {
            if (k.path("api_key_index").asInt(-1) == apiKeyIndex) {
                String pk = k.path("public_key").asText("").toLowerCase().replaceFirst("^0x", "");
                return pk.isEmpty() || pk.matches("0+") ? null : pk;
            }
        }
        return null;
    }

    /**
     * @param timeout how long to wait for the venue to report the key after sending
     * @throws RegistrationException when the venue refuses, cannot be reached, or does not report the key in time
     */
    public Result register(EthKey owner, PrivateKey key, long account, int apiKeyIndex, int chainId, Duration timeout) {
        String mine = key.publicKeyHex();
        if (mine.equals(registeredKey(account, apiKeyIndex))) {
            return new Result(true, -1, null);
        }
        Map<String, String> q = new LinkedHashMap<>();
        q.put("account_index", Long.toString(account));
        q.put("api_key_index", Integer.toString(apiKeyIndex));
        long nonce = call(() -> rest.get("nextNonce", q, null)).path("nonce").asLong(0);
        TxSigner signer = new TxSigner(key, chainId, account, apiKeyIndex);
        SignedTx tx = signer.sign(new ChangePubKey(key.publicKey()), nonce, clock.millis() + 600_000, TxAttributes.NONE,
                owner);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("tx_type", Integer.toString(TxType.CHANGE_PUB_KEY));
        form.put("tx_info", tx.txInfo());
        call(() -> rest.post("sendTx", form));
        log.info("event=lighter_change_pub_key_sent account={} apiKey={} nonce={} hash={}", account, apiKeyIndex, nonce,
                tx.txHash());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (mine.equals(registeredKey(account, apiKeyIndex))) {
                log.info("event=lighter_api_key_registered account={} apiKey={}", account, apiKeyIndex);
                return new Result(false, nonce, tx.txHash());
            }
            if (System.nanoTime() > deadline) {
                throw new RegistrationException("Lighter accepted the ChangePubKey (tx hash " + tx.txHash()
                        + ") but did not report the key within " + timeout.toSeconds() + " s; run register-key again"
                        + " later to check");
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistrationException("interrupted while waiting for Lighter to report the key");
            }
        }
    }

    /**
     * The check a venue makes when it opens: the key must be the one registered for (account, API key index). With
     * {@code registerApiKey}, an empty slot (or an account the simulator does not know yet) gets the key through the
     * simulator's loopback provisioning call instead.
     *
     * @throws VenueException naming the account and slot, and what to do; never the key
     */
    static void checkOnOpen(LighterRest rest, LighterSettings settings, PrivateKey key) {
        String accountId = Long.toString(settings.accountIndex());
        Map<String, String> q = new LinkedHashMap<>();
        q.put("account_index", accountId);
        q.put("api_key_index", Integer.toString(settings.apiKeyIndex()));
        String registered = null;
        JsonNode keys;
        try {
            keys = rest.get("apikeys", q, null).path("api_keys");
        } catch (RefusedException e) {
            if (e.code() != RefusedException.ACCOUNT_NOT_FOUND) {
                throw e;
            }
            if (!settings.registerApiKey()) {
                throw VenueException.rejected("Lighter account " + accountId + " does not exist (find yours with"
                        + " accountsByL1Address)");
            }
            keys = LighterRest.JSON.createArrayNode();
        }
        for (JsonNode k : keys) {
            if (k.path("api_key_index").asInt() == settings.apiKeyIndex()) {
                registered = k.path("public_key").asText().toLowerCase().replaceFirst("^0x", "");
            }
        }
        String mine = key.publicKeyHex();
        if (registered == null && settings.registerApiKey()) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("account_index", accountId);
            form.put("api_key_index", Integer.toString(settings.apiKeyIndex()));
            form.put("public_key", mine);
            rest.post("sim/registerApiKey", form);
            log.info("event=lighter_api_key_registered account={} apiKey={}", accountId, settings.apiKeyIndex());
            return;
        }
        if (registered == null) {
            throw VenueException.rejected("API key " + settings.apiKeyIndex() + " of Lighter account " + accountId
                    + " is not registered; register public key " + mine + " for it first: pog lighter register-key"
                    + " --account " + accountId + " --api-key-index " + settings.apiKeyIndex() + " (ChangePubKey)");
        }
        if (!registered.equals(mine)) {
            throw VenueException.rejected("API key " + settings.apiKeyIndex() + " of Lighter account " + accountId
                    + " is registered with another public key than this key's (" + mine + ")");
        }
    }

    private JsonNode call(java.util.function.Supplier<JsonNode> request) {
        try {
            return request.get();
        } catch (RefusedException e) {
            throw new RegistrationException(e.getMessage());
        } catch (OutcomeUnknownException e) {
            throw new RegistrationException("Lighter at " + baseUrl + " did not answer; it may or may not have taken"
                    + " the request, so run register-key again to check");
        } catch (VenueException e) {
            throw new RegistrationException("cannot reach Lighter at " + baseUrl);
        }
    }
}
