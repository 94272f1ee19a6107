/** {@code pog demo}: the whole system on one machine, detached, adopted when already running. Never kills a trader by accident. */
package pog.app.demo;
