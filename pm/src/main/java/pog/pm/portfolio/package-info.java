/** Positions and equity across traders, each with when it was observed; a trader PM cannot see right now counts as "unknown", never as its last numbers. */
package pog.pm.portfolio;
