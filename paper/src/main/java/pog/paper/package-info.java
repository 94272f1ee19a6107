/**
 * The paper venue: one account of an in-process {@link pog.sim.Exchange}, persisted in the trader's data dir, and
 * its provider ({@code type: paper}). It is laid out as every venue module is: the client, its config record, its
 * provider. It must never hold exchange logic (matching, margin, the feed stay in {@code pog.sim}) and never open a
 * port.
 */
package pog.paper;
