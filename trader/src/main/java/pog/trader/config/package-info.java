/**
 * A trader's configuration file as records, each validating itself as it is read. It must never name a venue: the
 * {@code venue:} section is the record of the provider its {@code type} names, handed in by {@code app}.
 */
package pog.trader.config;
