package pog.venue.spi;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import pog.common.config.ConfigFile;
import pog.common.config.Validator;

import java.math.BigDecimal;

/**
 * A parsed {@code venue:} section. Each venue module has one record implementing this, beside its client; its
 * {@code type} key names the provider that declared the record ({@link VenueProvider#configType()}), so the set of
 * types is the set of providers a process was given, not a list written here.
 *
 * <p>Records implementing this validate in their constructor and throw {@link pog.common.config.ConfigException}
 * naming {@code venue.<key>} and {@link pog.common.config.ConfigFile#current()}, so a bad value reads like every
 * other config error.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface VenueConfig {
    /** The most a market order's limit may be from the mark, as a fraction: beyond it is a typo, not a setting. */
    BigDecimal MAX_MARKET_SLIPPAGE = new BigDecimal("0.5");

    /**
     * The {@code venue.baseUrl} a section gives, or {@code otherwise} (the venue's simulator) when it gives none.
     *
     * @throws pog.common.config.ConfigException when it is not an http(s) URL
     */
    static String baseUrl(String given, String otherwise) {
        String url = given == null ? otherwise : given;
        new Validator(ConfigFile.current()).httpUrl("venue.baseUrl", url);
        return url;
    }

    /**
     * Checks a {@code venue.marketSlippage} a section gives (none keeps the client's default).
     *
     * @throws pog.common.config.ConfigException when it is not above 0 and at most {@link #MAX_MARKET_SLIPPAGE}
     */
    static BigDecimal marketSlippage(BigDecimal given) {
        if (given != null) {
            new Validator(ConfigFile.current()).positiveAtMost("venue.marketSlippage", given, MAX_MARKET_SLIPPAGE);
        }
        return given;
    }
}
