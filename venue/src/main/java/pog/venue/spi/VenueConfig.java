package pog.venue.spi;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

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
}
