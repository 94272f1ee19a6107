package pog.lighter.sim;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.common.config.ConfigException;
import pog.simfront.SimOptionException;
import pog.simfront.SimulatorProvider;

import java.util.List;

/**
 * {@code pog exchange-sim --venue lighter}: REST /api/v1 and WebSocket /stream on port 9503, state in
 * {@code var/sim-lighter}. {@code --fund 0xL1ADDR[=USDC]} provisions an account owned by that L1 address (default the
 * starting balance) unless it has one, and the banner says its account index.
 */
public final class LighterSimProvider extends SimulatorProvider {
    private static final Logger log = LoggerFactory.getLogger(LighterSimProvider.class);

    public LighterSimProvider() {
        super("lighter", LighterSimConfig.defaults().port());
    }

    @Override
    public Launch prepare(Options o) {
        LighterSimConfig c = configured(o, LighterSimConfig.class, LighterSimConfig::defaults);
        c = c.withFaults(o.latencyMs() != null ? o.latencyMs() : c.latencyMs(),
                o.errorRate5xx() != null ? o.errorRate5xx() : c.errorRate5xx(),
                o.errorRate429() != null ? o.errorRate429() : c.errorRate429());
        List<Funding> fundings = Funding.parse(o.fund());
        checkAccounts(c, o.source());
        LighterSimConfig config = c;
        return new Launch(config.port(), (dataDir, clock) -> {
            LighterSimServer server = LighterSimServer.start(config, dataDir, clock, true);
            try {
                return new Running(server, "exchange-sim lighter listening on http://" + config.bind() + ":"
                        + server.port() + " (REST /api/v1, ws /stream, data " + dataDir
                        + (config.admin() ? ", admin /admin/faults" : "") + ")" + provision(server, fundings));
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        });
    }

    /** The config's {@code accounts}: each names a valid L1 address, a non-negative amount and valid keys. */
    static void checkAccounts(LighterSimConfig cfg, String source) {
        for (int i = 0; i < cfg.accounts().size(); i++) {
            LighterSimConfig.AccountSpec a = cfg.accounts().get(i);
            String at = "accounts[" + i + "]";
            if (a.l1Address() == null || !a.l1Address().matches("0x[0-9a-fA-F]{40}")) {
                throw new ConfigException(source, at + ".l1Address", "must be 0x and 40 hex digits");
            }
            if (a.usdc() != null && a.usdc().signum() < 0) {
                throw new ConfigException(source, at + ".usdc", "must not be negative");
            }
            if (a.index() != null && (a.index() < 0 || a.index() > (1L << 48) - 2)) {
                throw new ConfigException(source, at + ".index", "must be 0.." + ((1L << 48) - 2));
            }
            for (int k = 0; k < a.apiKeys().size(); k++) {
                LighterSimConfig.ApiKeySpec key = a.apiKeys().get(k);
                if (key.index() == null || key.index() < 0 || key.index() > 254) {
                    throw new ConfigException(source, at + ".apiKeys[" + k + "].index", "must be 0..254");
                }
                if (key.publicKey() == null || !key.publicKey().replaceFirst("^0x", "").matches("[0-9a-fA-F]{80}")) {
                    throw new ConfigException(source, at + ".apiKeys[" + k + "].publicKey", "must be 80 hex digits");
                }
            }
        }
    }

    /** Provisions each funding on the running simulator; one line per account for the banner and the log. */
    private static String provision(LighterSimServer server, List<Funding> fundings) {
        StringBuilder sb = new StringBuilder();
        for (Funding f : fundings) {
            LighterSimulator.Provisioned p;
            try {
                p = server.simulator().provisionAccount(null, f.address(), f.usdc());
            } catch (Exception e) {
                throw new SimOptionException("error: --fund " + f.address() + ": " + e.getMessage());
            }
            log.info("event=lighter_fund account={} l1Address={} created={} collateral={}", p.accountIndex(),
                    p.l1Address(), p.created(), p.usdc().toPlainString());
            sb.append(System.lineSeparator()).append(p.created() ? "funded" : "existing").append(" account ")
                    .append(p.accountIndex()).append(" for ").append(p.l1Address()).append(" (collateral ")
                    .append(p.usdc().toPlainString()).append(" USDC)");
        }
        return sb.toString();
    }
}
