package pog.app.demo;

import pog.common.config.ConfigException;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code config/demo/demo.yaml}: what {@code pog demo} runs besides PM.
 *
 * @param pm        PM's configuration (its services are the demo's traders)
 * @param keys      private key files the demo creates (mode 0600) when missing, for the simulators' accounts
 * @param exchanges simulated exchanges started detached before PM
 */
public record DemoConfig(Path pm, List<Key> keys, List<Exchange> exchanges) {
    public DemoConfig {
        if (pm == null) {
            throw new ConfigException("demo config", "pm", "is required");
        }
        keys = keys == null ? List.of() : List.copyOf(keys);
        exchanges = exchanges == null ? List.of() : List.copyOf(exchanges);
    }

    /**
     * A demo account key: {@code venue} names the venue whose kind of key it is (hyperliquid: secp256k1; lighter: an
     * ECgFp5 API key); {@code pog demo} checks the name against the venues it knows.
     */
    public record Key(Path file, String venue) {
        public Key {
            if (file == null || venue == null) {
                throw new ConfigException("demo config", "keys", "each needs file and venue");
            }
        }
    }

    /**
     * A simulated exchange process: {@code pog exchange-sim --venue V --port P --data-dir D}.
     */
    public record Exchange(String name, String venue, Integer port, Path dataDir) {
        public Exchange {
            if (name == null || venue == null || port == null || dataDir == null) {
                throw new ConfigException("demo config", "exchanges", "each needs name, venue, port and dataDir");
            }
            if (port < 1 || port > 65535) {
                throw new ConfigException("demo config", "exchanges.port", "must be between 1 and 65535, got " + port);
            }
        }
    }
}
