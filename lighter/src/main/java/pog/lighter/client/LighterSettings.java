package pog.lighter.client;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a trader reaches Lighter. Null fields take the defaults below, so a config file names only what differs.
 *
 * @param baseUrl        REST root ({@code https://mainnet.zklighter.elliot.ai}); default the local simulator
 *                       {@code http://127.0.0.1:9503}
 * @param wsUrl          WebSocket URL; default {@code baseUrl} with ws(s) and {@code /stream}
 * @param chainId        signatures are made for this chain id; default 304 (mainnet; 300 is testnet)
 * @param accountIndex   the account traded for (required): it is also the trader's account id
 * @param apiKeyIndex    the API key slot the key is registered in; default 2 (0 and 1 are Lighter's own apps')
 * @param keyFile        file holding the API private key as hex (mode 0600); when null the key comes from keyEnv
 * @param keyEnv         environment variable holding the key; default {@code LIGHTER_API_KEY}
 * @param stateDir       where the nonce high-water mark and the client-id map live; default {@code var}
 * @param registerApiKey put the key's public key into an empty slot through the simulator's loopback provisioning
 *                       call on open (the demo's shortcut for ChangePubKey); default false: on the venue, and on a
 *                       simulator run like the venue, register the key first with {@code pog lighter register-key}
 * @param marketSlippage how far beyond the mark a MARKET order's worst price goes; default 0.05
 * @param requestTimeout per HTTP request; default 5 s
 * @param connectTimeout default 3 s
 * @param maxRetries     retries of a read, or of a transaction whose outcome is unknown; default 3
 * @param requestsPerMinute client-side budget of REST requests; default 2400 (set it to the account tier's limit)
 * @param pingInterval   WebSocket ping period; default 20 s
 * @param pongTimeout    an unanswered ping counts as a dropped connection after this; default 10 s
 * @param reconnectMin   first reconnect delay, doubled per failure with jitter; default 500 ms
 * @param reconnectMax   reconnect delay cap; default 30 s
 */
public record LighterSettings(String baseUrl, String wsUrl, Integer chainId, Long accountIndex, Integer apiKeyIndex,
                              Path keyFile, String keyEnv, Path stateDir, Boolean registerApiKey,
                              BigDecimal marketSlippage, Duration requestTimeout, Duration connectTimeout,
                              Integer maxRetries, Integer requestsPerMinute, Duration pingInterval, Duration pongTimeout, Duration reconnectMin,
                              Duration reconnectMax) {
    public static final String MAINNET_URL = "https://mainnet.zklighter.elliot.ai";
    public static final String SIMULATOR_URL = "http://127.0.0.1:9503";
    public static final String DEFAULT_KEY_ENV = "LIGHTER_API_KEY";

    public LighterSettings {
        baseUrl = strip(baseUrl == null || baseUrl.isBlank() ? SIMULATOR_URL : baseUrl.trim());
        wsUrl = wsUrl == null || wsUrl.isBlank() ? wsUrlFor(baseUrl) : wsUrl.trim();
        chainId = chainId == null ? 304 : chainId;
        if (accountIndex == null || accountIndex < 0) {
            throw new IllegalArgumentException("lighter accountIndex is required (a non-negative integer)");
        }
        apiKeyIndex = apiKeyIndex == null ? 2 : apiKeyIndex;
        if (apiKeyIndex < 0 || apiKeyIndex > 254) {
            throw new IllegalArgumentException("lighter apiKeyIndex must be 0..254");
        }
        keyEnv = keyEnv == null || keyEnv.isBlank() ? DEFAULT_KEY_ENV : keyEnv;
        stateDir = stateDir == null ? Path.of("var") : stateDir;
        URI.create(baseUrl);
        registerApiKey = registerApiKey != null && registerApiKey;
        marketSlippage = marketSlippage == null ? new BigDecimal("0.05") : marketSlippage;
        if (marketSlippage.signum() <= 0 || marketSlippage.compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException("marketSlippage must be between 0 and 1, got " + marketSlippage);
        }
        requestTimeout = positive(requestTimeout, Duration.ofSeconds(5), "requestTimeout");
        connectTimeout = positive(connectTimeout, Duration.ofSeconds(3), "connectTimeout");
        maxRetries = maxRetries == null ? 3 : maxRetries;
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative");
        }
        requestsPerMinute = requestsPerMinute == null ? 2400 : requestsPerMinute;
        if (requestsPerMinute < 1) {
            throw new IllegalArgumentException("requestsPerMinute must be positive");
        }
        pingInterval = positive(pingInterval, Duration.ofSeconds(20), "pingInterval");
        pongTimeout = positive(pongTimeout, Duration.ofSeconds(10), "pongTimeout");
        reconnectMin = positive(reconnectMin, Duration.ofMillis(500), "reconnectMin");
        reconnectMax = positive(reconnectMax, Duration.ofSeconds(30), "reconnectMax");
        URI.create(wsUrl);
    }

    /** The common case: everything else at its default. */
    public static LighterSettings of(String baseUrl, long accountIndex, int apiKeyIndex, Path keyFile, Path stateDir) {
        return new LighterSettings(baseUrl, null, null, accountIndex, apiKeyIndex, keyFile, null, stateDir, null, null,
                null, null, null, null, null, null, null, null);
    }

    /** The same settings, putting the key into an empty slot through the simulator's loopback call when {@code on}. */
    public LighterSettings withRegisterApiKey(boolean on) {
        return new LighterSettings(baseUrl, wsUrl, chainId, accountIndex, apiKeyIndex, keyFile, keyEnv, stateDir, on,
                marketSlippage, requestTimeout, connectTimeout, maxRetries, requestsPerMinute, pingInterval, pongTimeout,
                reconnectMin, reconnectMax);
    }

    public LighterSettings withTimeouts(Duration request, int retries) {
        return new LighterSettings(baseUrl, wsUrl, chainId, accountIndex, apiKeyIndex, keyFile, keyEnv, stateDir,
                registerApiKey, marketSlippage, request, connectTimeout, retries, requestsPerMinute, pingInterval, pongTimeout,
                reconnectMin, reconnectMax);
    }

    public LighterSettings withReconnect(Duration min, Duration max) {
        return new LighterSettings(baseUrl, wsUrl, chainId, accountIndex, apiKeyIndex, keyFile, keyEnv, stateDir,
                registerApiKey, marketSlippage, requestTimeout, connectTimeout, maxRetries, requestsPerMinute, pingInterval, pongTimeout,
                min, max);
    }

    /** {@code http://h:p} -> {@code ws://h:p/stream}, https -> wss. */
    public static String wsUrlFor(String baseUrl) {
        String base = strip(baseUrl);
        if (base.startsWith("https://")) {
            return "wss://" + base.substring("https://".length()) + "/stream";
        }
        if (base.startsWith("http://")) {
            return "ws://" + base.substring("http://".length()) + "/stream";
        }
        throw new IllegalArgumentException("baseUrl must start with http:// or https://, got " + baseUrl);
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
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
