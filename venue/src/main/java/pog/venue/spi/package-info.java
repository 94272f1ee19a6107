/**
 * The seam a venue module plugs into: a {@link pog.venue.spi.VenueProvider} names its venue, says what its
 * {@code venue:} config section parses into, and opens its client. {@code app} lists the providers in plain code;
 * the trader receives them and never names a venue. Nothing here may know a particular venue, a wire format or a
 * simulator, and nothing here may find providers by itself (no class-path scanning, no ServiceLoader).
 */
package pog.venue.spi;
