/**
 * The simulator modules' shared test kit (sim-front's test-jar): the per-test set-up of a simulator harness.
 * Test scope only; it must never hold a venue's protocol or be needed by main code.
 */
package pog.simfront.testing;
