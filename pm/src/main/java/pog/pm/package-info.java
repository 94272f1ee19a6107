/** The Portfolio Manager: wiring of registry, adoption, launchers, monitor, control, aggregation and API; never a trader's single point of failure. */
package pog.pm;
