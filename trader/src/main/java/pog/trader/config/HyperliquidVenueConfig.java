package pog.trader.config;

import pog.common.config.ConfigException;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;

/**
 * Hyperliquid (or its simulator): testnet or mainnet is a change of {@code baseUrl} and key.
 *
 * @param baseUrl        {@code http://127.0.0.1:9502} (simulator), {@code https://api.hyperliquid-testnet.xyz},
 *                       {@code https://api.hyperliquid.xyz}
 * @param testnet        signs for testnet (source "b") instead of mainnet ("a")
 * @param keyFile        private key file (mode 0600 or stricter); when absent the key comes from {@code keyEnv}
 * @param keyEnv         environment variable holding the key (default HL_PRIVATE_KEY)
 * @param account        the main account an agent (API wallet) key trades for; default: the key's own address
 * @param vaultAddress   trade for a vault or sub-account
 * @param nonceFile      where the last nonce is kept across restarts (default: {@code <dataDir>/hl-nonce})
 * @param marketSlippage how far from the mark a market order's limit may be (fraction; default 0.05)
 */
public record HyperliquidVenueConfig(String baseUrl, Boolean testnet, Path keyFile, String keyEnv, String account,
                                     String vaultAddress, Path nonceFile, BigDecimal marketSlippage)
        implements VenueConfig {
    public HyperliquidVenueConfig {
        String f = ConfigFile.current();
        baseUrl = baseUrl == null ? "http://127.0.0.1:9502" : baseUrl;
        try {
            URI u = URI.create(baseUrl);
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
                throw new IllegalArgumentException("not http(s)");
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(f, "venue.baseUrl", "must be an http(s) URL, got '" + baseUrl + "'");
        }
        testnet = testnet != null && testnet;
        if (marketSlippage != null && (marketSlippage.signum() <= 0 || marketSlippage.compareTo(new BigDecimal("0.5")) > 0)) {
            throw new ConfigException(f, "venue.marketSlippage", "must be greater than 0 and at most 0.5, got "
                    + marketSlippage.toPlainString());
        }
    }
}
