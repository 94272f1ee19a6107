/**
 * The ECgFp5 group (prime order, canonical GF(p^5) encoding) and its scalar field, with the reference's complete
 * formulas. Must never branch or index memory on a secret scalar digit beyond what {@code Point.lookup} hides.
 */
package pog.lighter.signer.curve;
