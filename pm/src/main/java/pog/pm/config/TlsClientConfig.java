package pog.pm.config;

/**
 * How PM verifies traders it reaches over HTTPS: {@code caFile} holds the CA certificate(s) their certificates must
 * chain to (e.g. {@code ca.pem} from {@code pog tls init}); the names in {@code baseUrl} must be in them.
 */
public record TlsClientConfig(String caFile) {
}
