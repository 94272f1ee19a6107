package pog.hyperliquid.client;

import pog.venue.spi.VenueConfig;

import java.math.BigDecimal;
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
        baseUrl = VenueConfig.baseUrl(baseUrl, "http://127.0.0.1:9502");
        testnet = testnet != null && testnet;
        marketSlippage = VenueConfig.marketSlippage(marketSlippage);
    }
}
