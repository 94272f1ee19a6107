package pog.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import pog.lighter.client.KeyRegistration;
import pog.lighter.signer.l1.EthKey;
import pog.lighter.signer.schnorr.PrivateKey;
import pog.lighter.signer.tx.L1Signed;
import pog.lighter.signer.tx.ParsedTx;
import pog.lighter.signer.tx.SignedTx;
import pog.lighter.signer.tx.TxAttributes;
import pog.lighter.signer.tx.TxBody;
import pog.lighter.signer.tx.TxInfo;
import pog.lighter.signer.tx.TxRequest;
import pog.lighter.signer.tx.TxSigner;
import pog.lighter.signer.tx.TxType;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Callable;

/**
 * {@code pog lighter keygen|pubkey|sign|verify|register-key}: Lighter's transaction signer from the command line
 * (offline but for register-key, which talks to the venue).
 */
@Command(name = "lighter", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Lighter tools: make an API key, show its public key, sign a transaction, verify a signed one, "
                + "register an API key with the venue.",
        subcommands = {LighterCommand.Keygen.class, LighterCommand.Pubkey.class, LighterCommand.Sign.class,
                LighterCommand.Verify.class, LighterCommand.RegisterKey.class})
public final class LighterCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static int txType(String given) {
        try {
            return TxType.parse(given);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.CONFIG, "error: " + e.getMessage());
        }
    }

    static PrivateKey key(Path file) {
        try {
            return PrivateKey.fromFile(file);
        } catch (RuntimeException e) {
            throw new CliException(ExitCodes.CONFIG, "error: " + e.getMessage());
        }
    }

    static EthKey ethKey(Path file) {
        try {
            return EthKey.fromFile(file);
        } catch (RuntimeException e) {
            throw new CliException(ExitCodes.CONFIG, "error: " + e.getMessage());
        }
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"Make a new API private key (40 bytes) and print its public key.",
                    "With --out the private key goes to a new file (mode 0600) and is not printed."})
    static final class Keygen implements Callable<Integer> {
        @Option(names = "--out", paramLabel = "FILE", description = "Write the private key to this new file (never overwritten).")
        Path out;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrivateKey key;
            try {
                key = out != null ? PrivateKey.generateToFile(out, new SecureRandom()) : PrivateKey.generate(new SecureRandom());
            } catch (RuntimeException e) {
                throw new CliException(ExitCodes.FAILURE, "error: " + e.getMessage());
            }
            if (out == null) {
                spec.commandLine().getOut().println("private key: " + key.revealHex());
            } else {
                spec.commandLine().getOut().println("private key: written to " + out + " (mode 0600)");
            }
            spec.commandLine().getOut().println("public key:  " + key.publicKeyHex());
            return ExitCodes.OK;
        }
    }

    @Command(name = "pubkey", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Print the public key (80 hex digits) of an existing API key file.")
    static final class Pubkey implements Callable<Integer> {
        @Option(names = "--key-file", required = true, paramLabel = "F", description = "API private key file (mode 0600).")
        Path keyFile;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().println(key(keyFile).publicKeyHex());
            return ExitCodes.OK;
        }
    }

    @Command(name = "sign", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"Sign a transaction. Line 1 of the output is its tx_info (what sendTx takes), line 2 the tx hash"
                    + " Lighter will report.",
                    "TX_TYPE: change_pub_key, transfer, withdraw, create_order, cancel_order, cancel_all_orders,"
                            + " modify_order, update_leverage, create_grouped_orders, update_margin, in any spelling"
                            + " (create-order, CreateOrder) or by number (14).",
                    "TX_JSON: the request's fields in Lighter's names (PascalCase as in tx_info, camelCase or snake_case),"
                            + " numbers exact integers, e.g. for create_order {\"MarketIndex\":0,\"ClientOrderIndex\":1,"
                            + "\"BaseAmount\":100,\"Price\":600000,\"IsAsk\":0,\"Type\":0,\"TimeInForce\":0,"
                            + "\"ReduceOnly\":0,\"TriggerPrice\":0,\"OrderExpiry\":0}.",
                    "change_pub_key: {\"PubKey\":\"<80 hex digits>\"} (default: --key-file's own public key, which signs it)"
                            + " and --eth-key-file, the account owner's Ethereum key; transfer: Memo is 64 hex digits"
                            + " (default zeros) and needs --eth-key-file too."})
    static final class Sign implements Callable<Integer> {
        @Option(names = "--key-file", required = true, paramLabel = "F", description = "API private key file (mode 0600).")
        Path keyFile;

        @Option(names = "--eth-key-file", paramLabel = "F",
                description = "The account owner's Ethereum private key file (mode 0600), for change_pub_key and transfer.")
        Path ethKeyFile;

        @Option(names = "--account", required = true, paramLabel = "N", description = "Account index.")
        long account;

        @Option(names = "--api-key-index", required = true, paramLabel = "K", description = "API key index.")
        int apiKeyIndex;

        @Option(names = "--nonce", required = true, paramLabel = "N", description = "Nonce of this API key.")
        long nonce;

        @Option(names = "--chain-id", defaultValue = "304", paramLabel = "ID",
                description = "Chain id: 304 mainnet, 300 testnet (default: ${DEFAULT-VALUE}).")
        int chainId;

        @Option(names = "--expired-at", paramLabel = "MS", description = "Expiry, epoch ms (default: now + 10 minutes).")
        Long expiredAt;

        @Parameters(index = "0", paramLabel = "TX_TYPE")
        String type;

        @Parameters(index = "1", paramLabel = "TX_JSON")
        String json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            int t = txType(type);
            PrivateKey key = key(keyFile);
            TxBody body;
            try {
                body = TxRequest.parse(t, json, key.publicKey());
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.CONFIG, "error: TX_JSON for " + TxType.name(t) + ": " + e.getMessage());
            }
            EthKey owner = null;
            if (body instanceof L1Signed) {
                if (ethKeyFile == null) {
                    throw new CliException(ExitCodes.CONFIG, "error: " + TxType.name(t) + " carries the account owner's"
                            + " L1 signature: give --eth-key-file");
                }
                owner = ethKey(ethKeyFile);
            } else if (ethKeyFile != null) {
                throw new CliException(ExitCodes.CONFIG, "error: --eth-key-file is only for change_pub_key and transfer, not "
                        + TxType.name(t));
            }
            long expiry = expiredAt != null ? expiredAt : System.currentTimeMillis() + 600_000;
            SignedTx signed;
            try {
                TxSigner signer = new TxSigner(key, chainId, account, apiKeyIndex);
                signed = owner == null ? signer.sign(body, nonce, expiry)
                        : signer.sign(body, nonce, expiry, TxAttributes.NONE, owner);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.CONFIG, "error: " + e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(signed.txInfo());
            out.println(signed.txHash());
            return ExitCodes.OK;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"Verify a signed transaction's signature against a public key.",
                    "Prints 'valid' (exit 0) or 'invalid' and why (exit 1); input that cannot be read is exit 2.",
                    "For change_pub_key and transfer, --l1-address also checks the L1 signature's signer."})
    static final class Verify implements Callable<Integer> {
        @Option(names = "--public-key", required = true, paramLabel = "HEX", description = "The API key's public key (80 hex digits).")
        String publicKey;

        @Option(names = "--l1-address", paramLabel = "0xADDR",
                description = "change_pub_key, transfer: the Ethereum address that must have made the L1 signature.")
        String l1Address;

        @Option(names = "--chain-id", defaultValue = "304", paramLabel = "ID",
                description = "Chain id: 304 mainnet, 300 testnet (default: ${DEFAULT-VALUE}).")
        int chainId;

        @Parameters(index = "0", paramLabel = "TX_TYPE")
        String type;

        @Parameters(index = "1", paramLabel = "TX_INFO")
        String txInfo;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            int t = txType(type);
            String hex = publicKey.startsWith("0x") || publicKey.startsWith("0X") ? publicKey.substring(2) : publicKey;
            if (!hex.matches("[0-9a-fA-F]{80}")) {
                throw new CliException(ExitCodes.CONFIG, "error: --public-key must be 80 hex digits (0x optional)");
            }
            if (l1Address != null && !l1Address.matches("0x[0-9a-fA-F]{40}")) {
                throw new CliException(ExitCodes.CONFIG, "error: --l1-address must be 0x and 40 hex digits");
            }
            ParsedTx parsed;
            try {
                parsed = TxInfo.parse(t, txInfo);
            } catch (RuntimeException e) {
                throw new CliException(ExitCodes.CONFIG, "error: TX_INFO for " + TxType.name(t) + ": " + e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            String why;
            try {
                why = parsed.verify(chainId, HexFormat.of().parseHex(hex)) ? null
                        : "the signature is not this public key's for chain " + chainId;
            } catch (IllegalArgumentException e) {
                why = e.getMessage();
            }
            if (why == null && l1Address != null) {
                String signer = parsed.l1Signer(chainId);
                if (!(parsed.body() instanceof L1Signed)) {
                    throw new CliException(ExitCodes.CONFIG, "error: " + TxType.name(t) + " has no L1 signature to check");
                }
                why = signer == null ? "the L1 signature is missing or malformed"
                        : signer.equalsIgnoreCase(l1Address) ? null : "the L1 signature is by " + signer + ", not " + l1Address;
            }
            if (why != null) {
                out.println("invalid: " + why);
                return ExitCodes.FAILURE;
            }
            out.println("valid");
            return ExitCodes.OK;
        }
    }

    @Command(name = "register-key", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"Register an API key with Lighter (ChangePubKey): the way to set up trader-lighter on the real venue.",
                    "Reads the API key from --key-file, or makes one there (mode 0600) when the file does not exist;"
                            + " signs ChangePubKey with it and with the owner's Ethereum key at the slot's next nonce,"
                            + " sends it and waits until the venue reports the key."})
    static final class RegisterKey implements Callable<Integer> {
        @Option(names = "--eth-key-file", required = true, paramLabel = "F",
                description = "The account owner's Ethereum private key file (mode 0600).")
        Path ethKeyFile;

        @Option(names = "--account", required = true, paramLabel = "N", description = "Account index (see accountsByL1Address).")
        long account;

        @Option(names = "--api-key-index", required = true, paramLabel = "K",
                description = "API key slot, 0..254 (0 and 1 are used by Lighter's own apps; trader-lighter defaults to 2).")
        int apiKeyIndex;

        @Option(names = "--key-file", required = true, paramLabel = "F",
                description = "API private key file: read when it exists, else created (mode 0600).")
        Path keyFile;

        @Option(names = "--base-url", paramLabel = "URL", defaultValue = "http://127.0.0.1:9503",
                description = "Lighter REST root: https://mainnet.zklighter.elliot.ai, https://testnet.zklighter.elliot.ai"
                        + " or the simulator (default: ${DEFAULT-VALUE}).")
        String baseUrl;

        @Option(names = "--chain-id", paramLabel = "ID",
                description = "Chain id: 304 mainnet, 300 testnet (default: 300 for a testnet URL, else 304).")
        Integer chainId;

        @Option(names = "--timeout", paramLabel = "S", defaultValue = "120",
                description = "Seconds to wait for the venue to report the key (default: ${DEFAULT-VALUE}).")
        long timeoutSeconds;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (apiKeyIndex < 0 || apiKeyIndex > 254) {
                throw new CliException(ExitCodes.CONFIG, "error: --api-key-index must be 0..254");
            }
            if (account < 0) {
                throw new CliException(ExitCodes.CONFIG, "error: --account must not be negative");
            }
            if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
                throw new CliException(ExitCodes.CONFIG, "error: --base-url must start with http:// or https://");
            }
            EthKey owner = ethKey(ethKeyFile);
            PrintWriter out = spec.commandLine().getOut();
            PrivateKey key;
            if (Files.exists(keyFile)) {
                key = key(keyFile);
            } else {
                try {
                    key = PrivateKey.generateToFile(keyFile, new SecureRandom());
                } catch (RuntimeException e) {
                    throw new CliException(ExitCodes.FAILURE, "error: " + e.getMessage());
                }
                out.println("Created API key " + keyFile + " (mode 0600).");
            }
            int chain = chainId != null ? chainId : baseUrl.contains("testnet") ? 300 : 304;
            KeyRegistration.Result r;
            try {
                r = new KeyRegistration(baseUrl, Duration.ofSeconds(10), Clock.systemUTC())
                        .register(owner, key, account, apiKeyIndex, chain, Duration.ofSeconds(timeoutSeconds));
            } catch (KeyRegistration.RegistrationException e) {
                throw new CliException(ExitCodes.FAILURE, "error: " + e.getMessage());
            }
            if (r.alreadyRegistered()) {
                out.println("API key " + apiKeyIndex + " of account " + account + " already holds public key "
                        + key.publicKeyHex() + "; nothing sent.");
            } else {
                out.println("Registered API key " + apiKeyIndex + " of account " + account + " (public key "
                        + key.publicKeyHex() + ", owner " + owner.address() + ", nonce " + r.nonce() + ", tx hash "
                        + r.txHash() + ").");
            }
            out.println("trader-lighter: venue.accountIndex " + account + ", venue.apiKeyIndex " + apiKeyIndex
                    + ", venue.keyFile " + keyFile);
            return ExitCodes.OK;
        }
    }
}
