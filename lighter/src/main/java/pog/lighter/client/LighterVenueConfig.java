package pog.lighter.client;

import pog.common.config.ConfigException;
import pog.common.config.ConfigFile;
import pog.venue.spi.VenueConfig;

import java.math.BigDecimal;
import java.nio.file.Path;

/**
 * Lighter (zkLighter perpetuals) or its simulator.
 *
 * @param baseUrl        {@code http://127.0.0.1:9503} (simulator) or {@code https://mainnet.zklighter.elliot.ai}
 * @param chainId        signing chain id (304 mainnet; the simulator accepts the same)
 * @param accountIndex   the Lighter account index this trader trades (its account id)
 * @param apiKeyIndex    the API key slot the key is registered in (default 2)
 * @param keyFile        API private key file (mode 0600 or stricter); when absent the key comes from {@code keyEnv}
 * @param keyEnv         environment variable holding the key (default LIGHTER_API_KEY)
 * @param stateDir       nonce high-water mark and client order index map (default: the trader's data dir)
 * @param registerApiKey register the key's public key on first use (simulator only; default: true for loopback)
 * @param marketSlippage a market order's worst price: mark +/- this fraction (default 0.05)
 */
public record LighterVenueConfig(String baseUrl, Integer chainId, Long accountIndex, Integer apiKeyIndex, Path keyFile,
                                 String keyEnv, Path stateDir, Boolean registerApiKey, BigDecimal marketSlippage)
        implements VenueConfig {
    public LighterVenueConfig {
        baseUrl = VenueConfig.baseUrl(baseUrl, "http://127.0.0.1:9503");
        marketSlippage = VenueConfig.marketSlippage(marketSlippage);
        String f = ConfigFile.current();
        if (accountIndex == null) {
            throw new ConfigException(f, "venue.accountIndex", "is required (the Lighter account index)");
        }
        if (accountIndex < 0) {
            throw new ConfigException(f, "venue.accountIndex", "must not be negative, got " + accountIndex);
        }
        if (apiKeyIndex != null && (apiKeyIndex < 0 || apiKeyIndex > 254)) {
            throw new ConfigException(f, "venue.apiKeyIndex", "must be between 0 and 254, got " + apiKeyIndex);
        }
    }
}
