package pog.hyperliquid.client;

import java.math.BigDecimal;
import java.net.URI;
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
 * @param requestTimeout  per HTTP request; default 5 s
 * @param connectTimeout  default 3 s
 * @param maxRetries      retries of an info call or of an order placement after 429/5xx/timeouts; default 3
 * @param weightPerMinute the IP budget of request weight; default 1200 (Hyperliquid's limit)
 * @param pingInterval    WebSocket ping period; default 50 s (the server drops a connection silent for 60 s)
 * @param pongTimeout     a ping unanswered this long counts as a dropped connection; default 10 s
 * @param reconnectMin    first reconnect delay, doubled per failure with jitter; default 500 ms
 * @param reconnectMax    reconnect delay cap; default 30 s
 * @param orderTtl        when set, every order carries {@code expiresAfter = now + orderTtl}, so an order whose
 *                        answer never came can be proven absent (looked up after it expired) before it is sent
 *                        again. Default none, as the SDK; needs this host's clock within orderTtl of the venue's
 */
public record HyperliquidSettings(String baseUrl, boolean testnet, Path keyFile, String keyEnv, String account,
                                  String vaultAddress, Path nonceFile, BigDecimal marketSlippage, String wsUrl,
                                  Duration requestTimeout, Duration connectTimeout, Integer maxRetries,
                                  Integer weightPerMinute, Duration pingInterval, Duration pongTimeout,
                                  Duration reconnectMin, Duration reconnectMax, Duration orderTtl) {
    public static final String MAINNET_URL = "https://api.hyperliquid.xyz";
    public static final String TESTNET_URL = "https://api.hyperliquid-testnet.xyz";
    public static final String SIMULATOR_URL = "http://127.0.0.1:9502";
    public static final String DEFAULT_KEY_ENV = "HL_PRIVATE_KEY";

    public HyperliquidSettings {
        baseUrl = stripSlash(baseUrl == null || baseUrl.isBlank() ? SIMULATOR_URL : baseUrl.trim());
        keyEnv = keyEnv == null || keyEnv.isBlank() ? DEFAULT_KEY_ENV : keyEnv;
        account = blankToNull(account);
        vaultAddress = blankToNull(vaultAddress);
        marketSlippage = marketSlippage == null ? new BigDecimal("0.05") : marketSlippage;
        if (marketSlippage.signum() <= 0 || marketSlippage.compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException("marketSlippage must be between 0 and 1, got " + marketSlippage);
        }
        wsUrl = wsUrl == null || wsUrl.isBlank() ? wsUrlFor(baseUrl) : wsUrl.trim();
        requestTimeout = positive(requestTimeout, Duration.ofSeconds(5), "requestTimeout");
        connectTimeout = positive(connectTimeout, Duration.ofSeconds(3), "connectTimeout");
        maxRetries = maxRetries == null ? 3 : maxRetries;
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative");
        }
        weightPerMinute = weightPerMinute == null ? 1200 : weightPerMinute;
        if (weightPerMinute < 60) {
            throw new IllegalArgumentException("weightPerMinute must be at least 60");
        }
        pingInterval = positive(pingInterval, Duration.ofSeconds(50), "pingInterval");
        pongTimeout = positive(pongTimeout, Duration.ofSeconds(10), "pongTimeout");
        reconnectMin = positive(reconnectMin, Duration.ofMillis(500), "reconnectMin");
        reconnectMax = positive(reconnectMax, Duration.ofSeconds(30), "reconnectMax");
        if (orderTtl != null && (orderTtl.isNegative() || orderTtl.isZero())) {
            throw new IllegalArgumentException("orderTtl must be positive");
        }
        URI.create(baseUrl);
        URI.create(wsUrl);
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
        return new HyperliquidSettings(baseUrl, testnet, keyFile, null, account, null, nonceFile, null, null, null,
                null, null, null, null, null, null, null, null);
    }

    /** {@code http://h:p/x} -> {@code ws://h:p/x/ws}, {@code https} -> {@code wss}, as the Python SDK derives it. */
    public static String wsUrlFor(String baseUrl) {
        String base = stripSlash(baseUrl);
        if (base.startsWith("https://")) {
            return "wss://" + base.substring("https://".length()) + "/ws";
        }
        if (base.startsWith("http://")) {
            return "ws://" + base.substring("http://".length()) + "/ws";
        }
        throw new IllegalArgumentException("baseUrl must start with http:// or https://, got " + baseUrl);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static Duration positive(Duration d, Duration fallback, String name) {
        if (d == null) {
            return fallback;
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return d;
    }
}
