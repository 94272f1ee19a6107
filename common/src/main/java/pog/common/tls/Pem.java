package pog.common.tls;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import pog.common.fs.SecretFiles;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes PEM files. Every failure is an {@link IOException} whose message names the file and what is wrong
 * with it in words a person can act on (never a parser's own words).
 */
public final class Pem {
    /** The in-memory key store's password: the store never leaves memory, the key's secrecy is the file's mode. */
    static final char[] STORE_PASSWORD = "pog".toCharArray();

    private Pem() {
    }

    /** The password of the in-memory stores {@link #keyStore} makes (they are never written anywhere). */
    public static char[] storePassword() {
        return STORE_PASSWORD.clone();
    }

    /** Every certificate in a PEM file, in order (a host certificate first, then any chain). */
    public static List<X509Certificate> certificates(Path file) throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (Reader r = open(file); PEMParser parser = new PEMParser(r)) {
            Object o;
            while ((o = readObject(parser, file)) != null) {
                if (o instanceof X509CertificateHolder h) {
                    try {
                        out.add(converter.getCertificate(h));
                    } catch (CertificateException e) {
                        throw new IOException(file + ": a certificate in it cannot be read");
                    }
                }
            }
        }
        if (out.isEmpty()) {
            throw new IOException(file + ": no PEM certificate (-----BEGIN CERTIFICATE-----) in it");
        }
        return out;
    }

    /**
     * The private key in a PEM file: PKCS#8 ({@code BEGIN PRIVATE KEY}) or the older RSA/EC forms. Like every secret
     * file, one that group or others may read is refused.
     */
    public static PrivateKey privateKey(Path file) throws IOException {
        String text = SecretFiles.readSecret(file);
        try (Reader r = new java.io.StringReader(text); PEMParser parser = new PEMParser(r)) {
            Object o;
            while ((o = readObject(parser, file)) != null) {
                if (o instanceof PEMKeyPair kp) {
                    return jdkKey(kp.getPrivateKeyInfo(), file);
                }
                if (o instanceof PrivateKeyInfo info) {
                    return jdkKey(info, file);
                }
                if (o.getClass().getSimpleName().contains("Encrypted")) {
                    throw new IOException(file + ": the private key is encrypted; give PoG an unencrypted key file "
                            + "(mode 0600)");
                }
            }
        }
        throw new IOException(file + ": no PEM private key (-----BEGIN PRIVATE KEY-----) in it");
    }

    /** The JDK's own key object (its names, e.g. "EC", are what TLS and the certificates' keys use). */
    private static PrivateKey jdkKey(PrivateKeyInfo info, Path file) throws IOException {
        byte[] der = info.getEncoded();
        for (String algorithm : new String[]{"EC", "RSA", "Ed25519", "Ed448"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException wrongAlgorithm) {
                // try the next one
            }
        }
        throw new IOException(file + ": the private key in it is not an EC, RSA or Ed25519 key");
    }

    /** A key store holding one key and its certificate chain, for a TLS server. */
    public static KeyStore keyStore(Path certFile, Path keyFile) throws IOException {
        List<X509Certificate> chain = certificates(certFile);
        PrivateKey key = privateKey(keyFile);
        if (!chain.get(0).getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
            throw new IOException(keyFile + ": this key (" + key.getAlgorithm() + ") does not belong to the certificate in "
                    + certFile);
        }
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("pog", key, STORE_PASSWORD, chain.toArray(new X509Certificate[0]));
            return ks;
        } catch (GeneralSecurityException e) {
            throw new IOException(keyFile + ": the key and the certificate in " + certFile + " cannot be used together");
        }
    }

    /** A trust store of every certificate in a CA file. */
    public static KeyStore trustStore(Path caFile) throws IOException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : certificates(caFile)) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            return ks;
        } catch (GeneralSecurityException e) {
            throw new IOException(caFile + ": its certificates cannot be used as trust anchors");
        }
    }

    /** A client TLS context that trusts only the certificates in {@code caFile} (host names are still verified). */
    public static SSLContext clientContext(Path caFile) throws IOException {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore(caFile));
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException(caFile + ": a TLS client cannot be set up with it");
        }
    }

    /** PEM text of certificates, keys, anything the PEM writer knows. */
    public static String encode(Object... objects) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                w.writeObject(o);
            }
        }
        return out.toString();
    }

    /** Writes a public file (a certificate), replacing what is there. */
    public static void writePublic(Path file, Object... objects) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, encode(objects), StandardCharsets.US_ASCII);
    }

    /** Writes a private key atomically, readable by its owner only (mode 0600 where the file system has modes). */
    public static void writeSecret(Path file, PrivateKey key) throws IOException {
        // PKCS#8 ("BEGIN PRIVATE KEY"): the form every TLS stack reads
        SecretFiles.writeSecret(file, encode(new org.bouncycastle.util.io.pem.PemObject("PRIVATE KEY", key.getEncoded())));
    }

    private static Reader open(Path file) throws IOException {
        try {
            return Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IOException(file + ": not readable by this user");
        }
    }

    private static Object readObject(PEMParser parser, Path file) throws IOException {
        try {
            return parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": not a valid PEM file");
        }
    }
}
