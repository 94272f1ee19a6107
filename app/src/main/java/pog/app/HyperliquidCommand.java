package pog.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import pog.hyperliquid.client.SignTool;
import pog.hyperliquid.signing.KeyLoadException;
import pog.hyperliquid.signing.PrivateKey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Callable;

/**
 * {@code pog hyperliquid keygen|sign|address}: Hyperliquid key tools: make a key file for a trader, check signatures
 * by hand (against the SDKs or published vectors) and find the address to fund or approve as an API wallet. Keys live
 * in 0600 files and are never printed.
 */
@Command(name = "hyperliquid", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Hyperliquid tools: make a key file, sign an L1 action, show a key file's address.",
        subcommands = {HyperliquidCommand.Keygen.class, HyperliquidCommand.Sign.class, HyperliquidCommand.Address.class})
public final class HyperliquidCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where the example config (config/trader-hl.yaml) expects the key. */
    static final Path DEFAULT_KEY_FILE = Path.of("var", "hyperliquid.key");

    @Command(name = "keygen", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"Make a new secp256k1 private key in a new file (mode 0600) and print its address.",
                    "The file is what venue.keyFile reads; it is never overwritten and the key is never printed.",
                    "On the simulator the address is funded the first time it trades; on Hyperliquid, fund it or "
                            + "approve it as an API wallet of your account."})
    static final class Keygen implements Callable<Integer> {
        @Option(names = "--out", paramLabel = "FILE",
                description = "the new key file (default: ${DEFAULT-VALUE}, what config/trader-hl.yaml uses)")
        Path out = DEFAULT_KEY_FILE;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            String hex = newKeyHex(new SecureRandom());
            writeNewSecret(out, "0x" + hex + "\n");
            String address;
            try {
                // read back through the trader's own loader: what keygen writes is what venue.keyFile accepts
                address = SignTool.address(out);
            } catch (KeyLoadException e) {
                throw new CliException(ExitCodes.FAILURE, "error: " + e.getMessage());
            }
            spec.commandLine().getOut().println("address:  " + address);
            spec.commandLine().getOut().println("key file: " + out + (posix(out) ? " (mode 0600)" : "")
                    + "; use it as venue.keyFile");
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }

        /** 32 random bytes that are a valid secp256k1 scalar (1 .. n-1; a draw outside is astronomically rare). */
        static String newKeyHex(SecureRandom random) {
            byte[] secret = new byte[32];
            while (true) {
                random.nextBytes(secret);
                String hex = HexFormat.of().formatHex(secret);
                try {
                    PrivateKey.fromHex(hex);
                    return hex;
                } catch (KeyLoadException outOfRange) {
                    // draw again
                }
            }
        }

        /** Creates {@code file} for its owner only; an existing file is refused, never replaced. */
        private static void writeNewSecret(Path file, String content) {
            boolean created = false;
            try {
                Path parent = file.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                if (posix(parent)) {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } else {
                    Files.createFile(file);
                }
                created = true;
                Files.write(file, content.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE,
                        StandardOpenOption.SYNC);
            } catch (FileAlreadyExistsException e) {
                throw new CliException(ExitCodes.CONFIG, "error: key file " + file
                        + " already exists; not overwriting it (choose another --out, or move the old file aside)");
            } catch (IOException e) {
                if (created) {
                    // an empty or partial key file would be refused by the trader and block the next keygen
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException ignored) {
                        // the message below still names the file
                    }
                }
                throw new CliException(ExitCodes.FAILURE, "error: key file " + file + " cannot be written"
                        + (e instanceof java.nio.file.AccessDeniedException ? ": permission denied" : ""));
            }
        }

        private static boolean posix(Path path) {
            try {
                Path existing = Files.exists(path) ? path : path.toAbsolutePath().getParent();
                return Files.getFileStore(existing).supportsFileAttributeView(PosixFileAttributeView.class);
            } catch (IOException e) {
                return false;
            }
        }
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
            checkJson(action);
            try {
                spec.commandLine().getOut().println(SignTool.sign(keyFile, nonce, testnet, vault, expiresAfter, action));
            } catch (KeyLoadException | IllegalArgumentException e) {
                throw new CliException(ExitCodes.CONFIG, "error: " + e.getMessage());
            }
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    /** Malformed JSON named by its position, in PoG's words rather than the parser's. */
    static void checkJson(String text) {
        try (com.fasterxml.jackson.core.JsonParser p = new com.fasterxml.jackson.core.JsonFactory().createParser(text)) {
            while (p.nextToken() != null) {
                // reading every token is the check
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            long at = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
            throw new CliException(ExitCodes.CONFIG, "error: ACTION_JSON is not valid JSON"
                    + (at > 0 ? " (near character " + at + ")" : "") + "; e.g. {\"type\":\"scheduleCancel\"}");
        } catch (java.io.IOException e) {
            throw new CliException(ExitCodes.CONFIG, "error: ACTION_JSON cannot be read");
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
