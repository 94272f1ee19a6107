package pog.trader.config;

import pog.common.config.ConfigException;
import pog.common.config.ConfigFile;

import java.nio.file.Path;

/**
 * The trader's TLS server identity: a PEM certificate (chain) and its PEM private key (mode 0600). Required to serve
 * on any address but loopback; {@code pog tls init} makes both for people without a CA.
 */
public record TlsConfig(Path certFile, Path keyFile) {
    public TlsConfig {
        if (certFile == null) {
            throw new ConfigException(ConfigFile.current(), "tls.certFile", "is required when tls is set");
        }
        if (keyFile == null) {
            throw new ConfigException(ConfigFile.current(), "tls.keyFile", "is required when tls is set");
        }
    }
}
