package pog.simfront;

import pog.common.config.ConfigLoader;
import pog.sim.Exchange;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * One simulated venue as {@code pog exchange-sim --venue NAME} starts it: its name, its defaults, and how it turns
 * the command's options into a running server. One provider per simulator module; {@code app} lists them in plain
 * code, so the command names no venue.
 *
 * <p>Starting is two steps so that every mistake in the options or the config file is reported before anything is
 * locked, logged or bound: {@link #prepare} checks, {@link Launch#start} serves.
 */
public abstract class SimulatorProvider {
    private final String name;
    private final int defaultPort;

    /**
     * @param name        the {@code --venue} word, e.g. "hyperliquid"
     * @param defaultPort the port it serves when neither the options nor the config say
     */
    protected SimulatorProvider(String name, int defaultPort) {
        this.name = name;
        this.defaultPort = defaultPort;
    }

    /** The {@code --venue} word, e.g. "hyperliquid". */
    public final String name() {
        return name;
    }

    /** The port it serves when neither the options nor the config say. */
    public final int defaultPort() {
        return defaultPort;
    }

    /** Where its state lives when {@code --data-dir} is not given: {@code var/sim-<name>}. */
    public final Path defaultDataDir() {
        return Path.of("var", "sim-" + name);
    }

    /**
     * Reads the config file (built-in defaults without one) and applies the options over it.
     *
     * @throws pog.common.config.ConfigException for a mistake in the config file
     * @throws SimOptionException for an option it cannot take
     */
    public abstract Launch prepare(Options options);

    /**
     * The venue's config: the file (or {@code defaults} without one) with defaults filled in, then the shared
     * options {@code --port}, {@code --bind} and {@code --admin} over it.
     */
    protected static <C extends FrontConfig<C>> C configured(Options o, Class<C> type, Supplier<C> defaults) {
        C c = (o.config() == null ? defaults.get() : ConfigLoader.load(o.config(), type)).withDefaults();
        c = o.port() != null ? c.withPort(o.port()) : c;
        c = o.bind() != null ? c.withBind(o.bind()) : c;
        return o.admin() ? c.withAdmin(true) : c;
    }

    /**
     * A checked configuration, ready to serve.
     *
     * @param port  the port it will listen on (0 = any), for the message when that port is taken
     * @param start opens the simulator under the data directory with the clock, serves it, and provisions the
     *              {@code --fund} accounts
     */
    public record Launch(int port, BiFunction<Path, Clock, Running> start) {
        public Running start(Path dataDir, Clock clock) {
            return start.apply(dataDir, clock);
        }
    }

    /**
     * A simulator serving its venue's protocol until closed.
     *
     * @param banner the line(s) the command prints once it listens: where, what, and any accounts it provisioned
     */
    public record Running(SimServer<?> server, String banner) implements AutoCloseable {
        /** The sim core, for {@code --record}. */
        public Exchange exchange() {
            return server.exchange();
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /** One {@code --fund 0xADDR[=USDC]}: the address as given, the amount or null for the venue's default. */
    public record Funding(String address, BigDecimal usdc) {
        /** Parses every {@code --fund}, before the simulator starts: a bad one is refused with what is wrong. */
        public static List<Funding> parse(List<String> fund) {
            List<Funding> out = new ArrayList<>();
            for (String item : fund) {
                String[] parts = item.trim().split("=", 2);
                String address = parts[0].trim();
                if (!address.matches("0x[0-9a-fA-F]{40}")) {
                    throw new SimOptionException("error: --fund " + item + ": the address must be 0x and 40 hex"
                            + " digits");
                }
                BigDecimal usdc = null;
                if (parts.length == 2) {
                    try {
                        usdc = new BigDecimal(parts[1].trim());
                    } catch (NumberFormatException e) {
                        usdc = null;
                    }
                    if (usdc == null || usdc.signum() < 0) {
                        throw new SimOptionException("error: --fund " + item + ": the USDC amount must be a"
                                + " non-negative decimal number");
                    }
                }
                out.add(new Funding(address, usdc));
            }
            return out;
        }
    }

    /**
     * The options {@code pog exchange-sim} has for every venue (null: not given), and the venue's own ones by their
     * option name without dashes (e.g. {@code network}, {@code faucet}, {@code ip-weight-per-minute}); a venue ignores
     * the ones that are not its own.
     */
    public record Options(Path config, Integer port, String bind, boolean admin, Long latencyMs, Double errorRate5xx,
                   Double errorRate429, List<String> fund, Map<String, String> venue) {
        public Options {
            fund = List.copyOf(fund);
            venue = Map.copyOf(venue);
        }

        /** The config file's name for messages: the path, or "built-in defaults". */
        public String source() {
            return config == null ? "built-in defaults" : config.toString();
        }
    }
}
