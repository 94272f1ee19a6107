package pog.common.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A small private certificate authority: one CA key (EC P-256) that signs a server certificate per host, with the
 * host's names and addresses as subject alternative names (what TLS clients verify). For installations that have
 * no CA of their own; {@code pog tls init} drives it.
 */
public final class CertificateAuthority {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final PrivateKey key;

    private CertificateAuthority(X509Certificate certificate, PrivateKey key) {
        this.certificate = certificate;
        this.key = key;
    }

    /** A new CA valid from now for {@code validity}. */
    public static CertificateAuthority create(String name, Duration validity) throws IOException {
        KeyPair kp = newKey();
        X500Name subject = dn(name);
        Instant now = Instant.now();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), subject, kp.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            return new CertificateAuthority(sign(b, kp.getPrivate()), kp.getPrivate());
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IOException("could not create the CA certificate", e);
        }
    }

    /** The CA written before by {@link #save}. */
    public static CertificateAuthority load(Path certFile, Path keyFile) throws IOException {
        X509Certificate cert = Pem.certificates(certFile).get(0);
        if (cert.getBasicConstraints() < 0) {
            throw new IOException(certFile + ": not a CA certificate");
        }
        return new CertificateAuthority(cert, Pem.privateKey(keyFile));
    }

    public void save(Path certFile, Path keyFile) throws IOException {
        Pem.writeSecret(keyFile, key);
        Pem.writePublic(certFile, certificate);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** A host's key and its server certificate signed by this CA; {@code names} are DNS names or IP addresses. */
    public Issued issue(List<String> names, Duration validity) throws IOException {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a host certificate needs at least one name");
        }
        KeyPair kp = newKey();
        Instant now = Instant.now();
        GeneralName[] alt = names.stream().map(CertificateAuthority::generalName).toArray(GeneralName[]::new);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), dn(names.get(0)),
                    kp.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[]{KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alt))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
            return new Issued(sign(b, key), kp.getPrivate());
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IOException("could not issue a certificate for " + names.get(0), e);
        }
    }

    /** A host's certificate and key. */
    public record Issued(X509Certificate certificate, PrivateKey key) {
        /** Writes {@code certFile} (the host certificate, then the CA's: a full chain) and {@code keyFile} (0600). */
        public void save(Path certFile, Path keyFile, X509Certificate ca) throws IOException {
            Pem.writeSecret(keyFile, key);
            Pem.writePublic(certFile, certificate, ca);
        }
    }

    private static GeneralName generalName(String name) {
        String n = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
        boolean ip = IPV4.matcher(n).matches() || n.contains(":");
        return new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, n);
    }

    private static X500Name dn(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "PoG").addRDN(BCStyle.CN, cn).build();
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static KeyPair newKey() throws IOException {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("this JVM cannot make EC P-256 keys", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer) throws IOException {
        try {
            ContentSigner s = new JcaContentSignerBuilder("SHA256withECDSA").build(signer);
            return new JcaX509CertificateConverter().getCertificate(b.build(s));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IOException("could not sign a certificate", e);
        }
    }

    /** True when both files exist (an existing CA is reused, never overwritten). */
    public static boolean exists(Path certFile, Path keyFile) {
        return Files.exists(certFile) && Files.exists(keyFile);
    }
}
