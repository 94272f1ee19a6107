/**
 * Benchmarks run by the scripts in {@code scripts/}: real processes and real sockets measured from outside (PM beside
 * pm2 and supervisord, the blind window after PM dies, trader start-up, hostile HTTP clients, simulator throughput)
 * and in-process latencies (signing, the decision path). Nothing is asserted; the numbers go to docs/benchmarks.md.
 */
package pog.bench;
