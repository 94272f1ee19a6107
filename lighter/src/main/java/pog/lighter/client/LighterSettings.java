package pog.lighter.client;

import pog.venue.Slippage;
import pog.venue.net.Endpoints;
import pog.venue.net.Transport;

import java.math.BigDecimal;
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
 * @param requestsPerMinute client-side budget of REST requests; default 2400 (set it to the account tier's limit)
 * @param transport      timeouts, retries, keep-alive and reconnect bounds ({@link Transport}); default
 *                       {@link Transport#defaults} with a 20 s ping. Its retries bound a read, or a transaction whose
 *                       outcome is unknown
 */
public record LighterSettings(String baseUrl, String wsUrl, Integer chainId, Long accountIndex, Integer apiKeyIndex,
                              Path keyFile, String keyEnv, Path stateDir, Boolean registerApiKey,
                              BigDecimal marketSlippage, Integer requestsPerMinute, Transport transport) {
    public LighterSettings {
        baseUrl = Endpoints.base(baseUrl, SIMULATOR_URL);
        wsUrl = Endpoints.ws(wsUrl, baseUrl, "/stream");
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
        registerApiKey = registerApiKey != null && registerApiKey;
        marketSlippage = Slippage.market(marketSlippage);
        requestsPerMinute = requestsPerMinute == null ? 2400 : requestsPerMinute;
        if (requestsPerMinute < 1) {
            throw new IllegalArgumentException("requestsPerMinute must be positive");
        }
        transport = transport == null ? Transport.defaults(DEFAULT_PING) : transport;
    }

    public static final String MAINNET_URL = "https://mainnet.zklighter.elliot.ai";
    public static final String SIMULATOR_URL = "http://127.0.0.1:9503";
    public static final String DEFAULT_KEY_ENV = "LIGHTER_API_KEY";
    public static final Duration DEFAULT_PING = Duration.ofSeconds(20);

    /** Every field spelled out, nulls taking their defaults (the form configs were written in before {@link Transport}). */
    public LighterSettings(String baseUrl, String wsUrl, Integer chainId, Long accountIndex, Integer apiKeyIndex,
                           Path keyFile, String keyEnv, Path stateDir, Boolean registerApiKey,
                           BigDecimal marketSlippage, Duration requestTimeout, Duration connectTimeout,
                           Integer maxRetries, Integer requestsPerMinute, Duration pingInterval, Duration pongTimeout,
                           Duration reconnectMin, Duration reconnectMax) {
        this(baseUrl, wsUrl, chainId, accountIndex, apiKeyIndex, keyFile, keyEnv, stateDir, registerApiKey,
                marketSlippage, requestsPerMinute, Transport.of(requestTimeout, connectTimeout, maxRetries,
                        pingInterval, pongTimeout, reconnectMin, reconnectMax, DEFAULT_PING));
    }

    /** The common case: everything else at its default. */
    public static LighterSettings of(String baseUrl, long accountIndex, int apiKeyIndex, Path keyFile, Path stateDir) {
        return forAccount(baseUrl, null, accountIndex, apiKeyIndex, keyFile, null, stateDir, null, null);
    }

    /** What a trader's config says about the account (nulls take their defaults); the network at its defaults. */
    public static LighterSettings forAccount(String baseUrl, Integer chainId, long accountIndex, Integer apiKeyIndex,
                                             Path keyFile, String keyEnv, Path stateDir, Boolean registerApiKey,
                                             BigDecimal marketSlippage) {
        return new LighterSettings(baseUrl, null, chainId, accountIndex, apiKeyIndex, keyFile, keyEnv, stateDir,
                registerApiKey, marketSlippage, null, null);
    }

    /** The same settings, putting the key into an empty slot through the simulator's loopback call when {@code on}. */
    public LighterSettings withRegisterApiKey(boolean on) {
        return new LighterSettings(baseUrl, wsUrl, chainId, accountIndex, apiKeyIndex, keyFile, keyEnv, stateDir, on,
                marketSlippage, requestsPerMinute, transport);
    }

    /** The same account over another network set-up (timeouts, keep-alive, reconnects). */
    public LighterSettings withTransport(Transport t) {
        return new LighterSettings(baseUrl, wsUrl, chainId, accountIndex, apiKeyIndex, keyFile, keyEnv, stateDir,
                registerApiKey, marketSlippage, requestsPerMinute, t);
    }

    public LighterSettings withTimeouts(Duration request, int retries) {
        return withTransport(transport.withTimeouts(request, retries));
    }

    public LighterSettings withReconnect(Duration min, Duration max) {
        return withTransport(transport.withReconnect(min, max));
    }

    /** {@code http://h:p} -> {@code ws://h:p/stream}, https -> wss. */
    public static String wsUrlFor(String baseUrl) {
        return Endpoints.ws(null, baseUrl, "/stream");
    }
}
