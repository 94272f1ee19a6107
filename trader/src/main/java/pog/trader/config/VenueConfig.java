package pog.trader.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Which venue a trader trades on; {@code type} selects the section's shape. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = PaperVenueConfig.class, name = "paper"),
        @JsonSubTypes.Type(value = HyperliquidVenueConfig.class, name = "hyperliquid"),
        @JsonSubTypes.Type(value = LighterVenueConfig.class, name = "lighter")})
public sealed interface VenueConfig permits PaperVenueConfig, HyperliquidVenueConfig, LighterVenueConfig {
}
