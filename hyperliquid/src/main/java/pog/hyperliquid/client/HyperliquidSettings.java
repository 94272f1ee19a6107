package pog.hyperliquid.client;

import pog.venue.Slippage;
import pog.venue.net.Endpoints;
import pog.venue.net.Transport;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a trader reaches Hyperliquid. Null fields take the defaults below, so a config file names only what differs.
 *
 * @param baseUrl         REST root, e.g. {@code https://api.hyperliquid.xyz}; default the local simulator
 *                        {@code http://127.0.0.1:9502}
 * @param testnet         signs for testnet (phantom agent source "b"). The public SDKs sign as testnet for every URL
 *                        but mainnet's, so a simulator expects {@code true} too
 * @param keyFile         file holding the signing key (mode 0600); when null the key comes from {@code keyEnv}
 * @param keyEnv          environment variable holding the key; default {@code HL_PRIVATE_KEY}
 * @param account         the main account traded for (an API-wallet key's owner); null = the key's own address
 * @param vaultAddress    vault or sub-account acted for, or null
 * @param nonceFile       high-water mark of this signer's nonces; default {@code var/hl-nonce-<signer address>}.
 *                        The client-id file {@code hl-client-ids-<user>} is kept beside it
 * @param marketSlippage  how far from the mark a MARKET order's IOC limit may go; default 0.05 (the SDK's 5%)
 * @param wsUrl           WebSocket URL; default {@code baseUrl} with ws(s) and {@code /ws}
 * @param transport       timeouts, retries, keep-alive and reconnect bounds ({@link Transport}); default
 *                        {@link Transport#defaults} with a 50 s ping (the server drops a connection silent for 60 s).
 *                        Its retries bound an info call or an order placement after 429/5xx/timeouts
 * @param weightPerMinute the IP budget of request weight; default 1200 (Hyperliquid's limit)
 * @param orderTtl        when set, every order carries {@code expiresAfter = now + orderTtl}, so an order whose
 *                        answer never came can be proven absent (looked up after it expired) before it is sent
 *                        again. Default none, as the SDK; needs this host's clock within orderTtl of the venue's
 */
public record HyperliquidSettings(String baseUrl, boolean testnet, Path keyFile, String keyEnv, String account,
                                  String vaultAddress, Path nonceFile, BigDecimal marketSlippage, String wsUrl,
                                  Transport transport, Integer weightPerMinute, Duration orderTtl) {
    public static final String MAINNET_URL = "https://api.hyperliquid.xyz";
    public static final String TESTNET_URL = "https://api.hyperliquid-testnet.xyz";
    public static final String SIMULATOR_URL = "http://127.0.0.1:9502";
    public static final String DEFAULT_KEY_ENV = "HL_PRIVATE_KEY";
    /** Under the 60 s of silence after which Hyperliquid drops a connection. */
    public static final Duration DEFAULT_PING = Duration.ofSeconds(50);

    public HyperliquidSettings {
        baseUrl = Endpoints.base(baseUrl, SIMULATOR_URL);
        keyEnv = keyEnv == null || keyEnv.isBlank() ? DEFAULT_KEY_ENV : keyEnv;
        account = blankToNull(account);
        vaultAddress = blankToNull(vaultAddress);
        marketSlippage = Slippage.market(marketSlippage);
        wsUrl = Endpoints.ws(wsUrl, baseUrl, "/ws");
        transport = transport == null ? Transport.defaults(DEFAULT_PING) : transport;
        weightPerMinute = weightPerMinute == null ? 1200 : weightPerMinute;
        if (weightPerMinute < 60) {
            throw new IllegalArgumentException("weightPerMinute must be at least 60");
        }
        if (orderTtl != null && (orderTtl.isNegative() || orderTtl.isZero())) {
            throw new IllegalArgumentException("orderTtl must be positive");
        }
    }

    /** Every field spelled out, nulls taking their defaults (the form configs were written in before {@link Transport}). */
    public HyperliquidSettings(String baseUrl, boolean testnet, Path keyFile, String keyEnv, String account,
                               String vaultAddress, Path nonceFile, BigDecimal marketSlippage, String wsUrl,
                               Duration requestTimeout, Duration connectTimeout, Integer maxRetries,
                               Integer weightPerMinute, Duration pingInterval, Duration pongTimeout,
                               Duration reconnectMin, Duration reconnectMax, Duration orderTtl) {
        this(baseUrl, testnet, keyFile, keyEnv, account, vaultAddress, nonceFile, marketSlippage, wsUrl,
                Transport.of(requestTimeout, connectTimeout, maxRetries, pingInterval, pongTimeout, reconnectMin,
                        reconnectMax, DEFAULT_PING), weightPerMinute, orderTtl);
    }

    /** Without an order TTL (the SDK's default); kept so configs written before {@code orderTtl} still build. */
    public HyperliquidSettings(String baseUrl, boolean testnet, Path keyFile, String keyEnv, String account,
                               String vaultAddress, Path nonceFile, BigDecimal marketSlippage, String wsUrl,
                               Duration requestTimeout, Duration connectTimeout, Integer maxRetries,
                               Integer weightPerMinute, Duration pingInterval, Duration pongTimeout,
                               Duration reconnectMin, Duration reconnectMax) {
        this(baseUrl, testnet, keyFile, keyEnv, account, vaultAddress, nonceFile, marketSlippage, wsUrl, requestTimeout,
                connectTimeout, maxRetries, weightPerMinute, pingInterval, pongTimeout, reconnectMin, reconnectMax,
                null);
    }

    /** The common case: everything else at its default. */
    public static HyperliquidSettings of(String baseUrl, boolean testnet, Path keyFile, String account, Path nonceFile) {
        return forAccount(baseUrl, testnet, keyFile, null, account, null, nonceFile, null);
    }

    /** What a trader's config says about the account (nulls take their defaults); the network at its defaults. */
    public static HyperliquidSettings forAccount(String baseUrl, boolean testnet, Path keyFile, String keyEnv,
                                                 String account, String vaultAddress, Path nonceFile,
                                                 BigDecimal marketSlippage) {
        return new HyperliquidSettings(baseUrl, testnet, keyFile, keyEnv, account, vaultAddress, nonceFile,
                marketSlippage, null, null, null, null);
    }

    /** The same account over another network set-up (timeouts, keep-alive, reconnects). */
    public HyperliquidSettings withTransport(Transport t) {
        return new HyperliquidSettings(baseUrl, testnet, keyFile, keyEnv, account, vaultAddress, nonceFile,
                marketSlippage, wsUrl, t, weightPerMinute, orderTtl);
    }

    /** {@code http://h:p/x} -> {@code ws://h:p/x/ws}, {@code https} -> {@code wss}, as the Python SDK derives it. */
    public static String wsUrlFor(String baseUrl) {
        return Endpoints.ws(null, baseUrl, "/ws");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
