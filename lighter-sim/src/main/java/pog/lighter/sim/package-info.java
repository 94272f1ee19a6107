/**
 * The simulated Lighter exchange: Lighter's REST ({@code /api/v1/...}) and WebSocket ({@code /stream}) protocol on
 * the simulation core ({@code pog.sim.Exchange}), with signature and nonce checks by the project's own signer code.
 * Never trusts a transaction it has not verified; never answers a bad request with a 500.
 */
package pog.lighter.sim;
