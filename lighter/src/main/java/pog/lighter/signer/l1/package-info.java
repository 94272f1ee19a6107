/**
 * The Ethereum (L1) side of Lighter's key setup: the account owner's secp256k1 key signing, with EIP-191
 * personal_sign, the text Lighter defines for ChangePubKey and Transfer, and recovering the signer's address.
 * Must never print or log a private key.
 */
package pog.lighter.signer.l1;
