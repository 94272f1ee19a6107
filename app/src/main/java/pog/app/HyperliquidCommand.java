package pog.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import pog.hyperliquid.client.SignTool;
import pog.hyperliquid.signing.KeyLoadException;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code pog hyperliquid sign|address}: Hyperliquid key tools for checking signatures by hand (against the SDKs or
 * published vectors) and for finding the address to approve as an API wallet. The key is read from a 0600 file and
 * never printed.
 */
@Command(name = "hyperliquid", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Hyperliquid tools: sign an L1 action, show a key file's address.",
        subcommands = {HyperliquidCommand.Sign.class, HyperliquidCommand.Address.class})
public final class HyperliquidCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "sign", mixinStandardHelpOptions = true,
            description = {"Sign an L1 action as Hyperliquid's /exchange expects; prints {r, s, v} as JSON.",
                    "The action's JSON key order is kept: it is what the signature covers."})
    static final class Sign implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--key-file", required = true, paramLabel = "FILE",
                description = "file holding the private key as hex (mode 0600)")
        Path keyFile;

        @Option(names = "--nonce", required = true, paramLabel = "N", description = "the action's nonce (epoch ms)")
        long nonce;

        @Option(names = "--testnet", description = "sign for testnet (phantom agent source \"b\")")
        boolean testnet;

        @Option(names = "--vault", paramLabel = "ADDR", description = "vault or sub-account address acted for")
        String vault;

        @Option(names = "--expires-after", paramLabel = "MS", description = "epoch ms after which the action is void")
        Long expiresAfter;

        @Parameters(index = "0", paramLabel = "ACTION_JSON", description = "the action, e.g. {\"type\":\"scheduleCancel\"}")
        String action;

        @Override
        public Integer call() {
            try {
                spec.commandLine().getOut().println(SignTool.sign(keyFile, nonce, testnet, vault, expiresAfter, action));
            } catch (KeyLoadException | IllegalArgumentException e) {
                throw new CliException(ExitCodes.CONFIG, "error: " + e.getMessage());
            }
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "address", mixinStandardHelpOptions = true,
            description = "Print the address of the key in a key file (an API wallet's own address for an agent key).")
    static final class Address implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--key-file", required = true, paramLabel = "FILE",
                description = "file holding the private key as hex (mode 0600)")
        Path keyFile;

        @Override
        public Integer call() {
            try {
                spec.commandLine().getOut().println(SignTool.address(keyFile));
            } catch (KeyLoadException e) {
                throw new CliException(ExitCodes.CONFIG, "error: " + e.getMessage());
            }
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }
}
