/**
 * TLS material between PoG's hosts: PEM certificates and keys read into what Jetty and the JDK's HTTP client take,
 * and a small private CA for installations without one ({@code pog tls init}). Never logs or returns a private key.
 */
package pog.common.tls;
