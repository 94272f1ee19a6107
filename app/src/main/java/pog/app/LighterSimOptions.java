package pog.app;

import pog.lighter.sim.LighterSimServer;
import pog.lighter.sim.LighterSimulator;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** {@code pog exchange-sim --venue lighter}: accounts provisioned at start ({@code --fund}, config {@code accounts}). */
final class LighterSimOptions {
    private LighterSimOptions() {
    }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LighterSimOptions.class);

    record Funding(String l1Address, BigDecimal usdc) {
    }

    /** The --fund entries (the option is shared with Hyperliquid's), checked before the simulator starts. */
    static List<Funding> fundings(List<String> fund) {
        List<Funding> out = new ArrayList<>();
        for (String f : fund) {
            String[] parts = f.trim().split("=", 2);
            if (!parts[0].matches("0x[0-9a-fA-F]{40}")) {
                throw new CliException(ExitCodes.CONFIG, "error: --fund " + f + ": the L1 address must be 0x and 40 hex"
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
                    throw new CliException(ExitCodes.CONFIG, "error: --fund " + f + ": the USDC amount must be a"
                            + " non-negative decimal number");
                }
            }
            out.add(new Funding(parts[0], usdc));
        }
        return out;
    }

    /** The config's {@code accounts}: each names a valid L1 address, a non-negative amount and valid keys. */
    static void checkAccounts(pog.lighter.sim.LighterSimConfig cfg, String source) {
        for (int i = 0; i < cfg.accounts().size(); i++) {
            pog.lighter.sim.LighterSimConfig.AccountSpec a = cfg.accounts().get(i);
            String at = "config error: " + source + ": accounts[" + i + "]";
            if (a.l1Address() == null || !a.l1Address().matches("0x[0-9a-fA-F]{40}")) {
                throw new CliException(ExitCodes.CONFIG, at + ".l1Address: must be 0x and 40 hex digits");
            }
            if (a.usdc() != null && a.usdc().signum() < 0) {
                throw new CliException(ExitCodes.CONFIG, at + ".usdc: must not be negative");
            }
            if (a.index() != null && (a.index() < 0 || a.index() > (1L << 48) - 2)) {
                throw new CliException(ExitCodes.CONFIG, at + ".index: must be 0.." + ((1L << 48) - 2));
            }
            for (int k = 0; k < a.apiKeys().size(); k++) {
                pog.lighter.sim.LighterSimConfig.ApiKeySpec key = a.apiKeys().get(k);
                if (key.index() == null || key.index() < 0 || key.index() > 254) {
                    throw new CliException(ExitCodes.CONFIG, at + ".apiKeys[" + k + "].index: must be 0..254");
                }
                if (key.publicKey() == null || !key.publicKey().replaceFirst("^0x", "").matches("[0-9a-fA-F]{80}")) {
                    throw new CliException(ExitCodes.CONFIG, at + ".apiKeys[" + k + "].publicKey: must be 80 hex digits");
                }
            }
        }
    }

    /** Provisions each funding on the running simulator; one line per account for the banner and the log. */
    static String provision(LighterSimServer server, List<Funding> fundings) {
        StringBuilder sb = new StringBuilder();
        for (Funding f : fundings) {
            LighterSimulator.Provisioned p;
            try {
                p = server.simulator().provisionAccount(null, f.l1Address(), f.usdc());
            } catch (Exception e) {
                throw new CliException(ExitCodes.CONFIG, "error: --fund " + f.l1Address() + ": " + e.getMessage());
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
