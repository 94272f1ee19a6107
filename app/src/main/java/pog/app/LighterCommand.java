package pog.app;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import pog.lighter.signer.schnorr.PrivateKey;
import pog.lighter.signer.tx.CancelAllOrders;
import pog.lighter.signer.tx.CancelOrder;
import pog.lighter.signer.tx.CreateOrder;
import pog.lighter.signer.tx.ModifyOrder;
import pog.lighter.signer.tx.ParsedTx;
import pog.lighter.signer.tx.SignedTx;
import pog.lighter.signer.tx.TxBody;
import pog.lighter.signer.tx.TxInfo;
import pog.lighter.signer.tx.TxSigner;
import pog.lighter.signer.tx.TxType;
import pog.lighter.signer.tx.UpdateLeverage;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code pog lighter keygen|sign|verify}: Lighter's transaction signer from the command line, offline. */
@Command(name = "lighter", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Lighter tools: make an API key, sign a transaction, verify a signed one (offline).",
        subcommands = {LighterCommand.Keygen.class, LighterCommand.Sign.class, LighterCommand.Verify.class})
public final class LighterCommand implements Runnable {
    /** Transaction types by the names Lighter's SDKs use, and the JSON shape each takes (the record's fields). */
    static final Map<String, Class<? extends TxBody>> TYPES = Map.of(
            "create_order", CreateOrder.class,
            "cancel_order", CancelOrder.class,
            "cancel_all_orders", CancelAllOrders.class,
            "modify_order", ModifyOrder.class,
            "update_leverage", UpdateLeverage.class);
    private static final Map<String, Integer> CODES = Map.of(
            "create_order", TxType.CREATE_ORDER,
            "cancel_order", TxType.CANCEL_ORDER,
            "cancel_all_orders", TxType.CANCEL_ALL_ORDERS,
            "modify_order", TxType.MODIFY_ORDER,
            "update_leverage", TxType.UPDATE_LEVERAGE);
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .build();

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static String typeName(String given) {
        String t = given.toLowerCase(Locale.ROOT).replace('-', '_');
        if (!TYPES.containsKey(t)) {
            throw new CliException(ExitCodes.CONFIG, "error: unknown transaction type '" + given + "' (known: "
                    + String.join(", ", new java.util.TreeSet<>(TYPES.keySet())) + ")");
        }
        return t;
    }

    static PrivateKey key(Path file) {
        try {
            return PrivateKey.fromFile(file);
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

    @Command(name = "sign", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"Sign a transaction and print its tx_info JSON (what sendTx takes).",
                    "TX_TYPE: create_order, cancel_order, cancel_all_orders, modify_order, update_leverage.",
                    "TX_JSON: the transaction's fields, e.g. for create_order {\"marketIndex\":0,\"clientOrderIndex\":1,"
                            + "\"baseAmount\":100,\"price\":600000,\"isAsk\":0,\"type\":0,\"timeInForce\":0,"
                            + "\"reduceOnly\":0,\"triggerPrice\":0,\"orderExpiry\":0}"})
    static final class Sign implements Callable<Integer> {
        @Option(names = "--key-file", required = true, paramLabel = "F", description = "API private key file (mode 0600).")
        Path keyFile;

        @Option(names = "--account", required = true, paramLabel = "N", description = "Account index.")
        long account;

        @Option(names = "--api-key-index", required = true, paramLabel = "K", description = "API key index.")
        int apiKeyIndex;

        @Option(names = "--nonce", required = true, paramLabel = "N", description = "Nonce of this API key.")
        long nonce;

        @Option(names = "--chain-id", defaultValue = "304", paramLabel = "ID", description = "Chain id (default: ${DEFAULT-VALUE}).")
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
            String t = typeName(type);
            TxBody body;
            try {
                body = STRICT.readValue(json, TYPES.get(t));
            } catch (Exception e) {
                throw new CliException(ExitCodes.CONFIG, "error: TX_JSON for " + t + ": "
                        + e.getMessage().lines().findFirst().orElse("malformed"));
            }
            long expiry = expiredAt != null ? expiredAt : System.currentTimeMillis() + 600_000;
            SignedTx signed;
            try {
                signed = new TxSigner(key(keyFile), chainId, account, apiKeyIndex).sign(body, nonce, expiry);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.CONFIG, "error: " + e.getMessage());
            }
            spec.commandLine().getOut().println(signed.txInfo());
            return ExitCodes.OK;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"Verify a signed transaction's signature against a public key.",
                    "Prints 'valid' (exit 0) or 'invalid' (exit 1)."})
    static final class Verify implements Callable<Integer> {
        @Option(names = "--public-key", required = true, paramLabel = "HEX", description = "The API key's public key (hex).")
        String publicKey;

        @Option(names = "--chain-id", defaultValue = "304", paramLabel = "ID", description = "Chain id (default: ${DEFAULT-VALUE}).")
        int chainId;

        @Parameters(index = "0", paramLabel = "TX_TYPE")
        String type;

        @Parameters(index = "1", paramLabel = "TX_INFO")
        String txInfo;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            String t = typeName(type);
            byte[] pub;
            try {
                pub = HexFormat.of().parseHex(publicKey.startsWith("0x") ? publicKey.substring(2) : publicKey);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.CONFIG, "error: --public-key is not hex");
            }
            ParsedTx parsed;
            try {
                parsed = TxInfo.parse(CODES.get(t), txInfo);
            } catch (RuntimeException e) {
                throw new CliException(ExitCodes.CONFIG, "error: TX_INFO for " + t + ": " + e.getMessage());
            }
            boolean ok = parsed.verify(chainId, pub);
            spec.commandLine().getOut().println(ok ? "valid" : "invalid");
            return ok ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }
}
