/**
 * The trader runtime: owns one state dir, reconciles with its venue, keeps every position protected, serves its API.
 * It must never exit leaving a position it opened without a stop resting on the venue.
 */
package pog.trader;
