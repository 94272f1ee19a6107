package pog.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import pog.common.tls.CertificateAuthority;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/** {@code pog tls}: TLS material for PoG across hosts. */
@Command(name = "tls", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "TLS certificates for traders that other hosts reach.",
        subcommands = {TlsCommand.Init.class})
public final class TlsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new CliException(ExitCodes.CONFIG, "usage: pog tls init --host NAME[=DNS-or-IP,...] ... (see pog tls init --help)");
    }

    /** {@code pog tls init}: a private CA (made once, then reused) and a certificate per host. */
    @Command(name = "init", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"Make a small private CA (once; an existing one is reused) and a server certificate per host.",
                    "Writes DIR/ca.pem (give it to PM as tls.caFile), DIR/ca-key.pem (keep it offline), and for each",
                    "host DIR/LABEL.pem and DIR/LABEL-key.pem (the trader's tls.certFile and tls.keyFile). Keys are 0600."})
    static final class Init implements Callable<Integer> {
        private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
        private static final Pattern NAME = Pattern.compile(
                "(?i)[a-z0-9*]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*|\\[?[0-9a-f:.]+]?");

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--dir", defaultValue = "var/tls", description = "where the files go (default: ${DEFAULT-VALUE})")
        Path dir;

        @Option(names = "--host", required = true, paramLabel = "LABEL=NAME[,NAME...]",
                description = {"a host to certify, repeatable: its file label, then the DNS names and IP addresses",
                        "clients use to reach it (e.g. --host trader-b=169.254.20.2,trader-b.lan). A bare NAME is",
                        "both label and name."})
        List<String> hosts;

        @Option(names = "--days", defaultValue = "825", description = "host certificate validity (default: ${DEFAULT-VALUE})")
        int days;

        @Option(names = "--renew", description = "replace host certificates that already exist (the CA is kept)")
        boolean renew;

        @Override
        public Integer call() throws IOException {
            if (days < 1 || days > 3650) {
                throw new CliException(ExitCodes.CONFIG, "error: --days must be between 1 and 3650, got " + days);
            }
            java.io.PrintWriter out = spec.commandLine().getOut();
            List<Host> parsed = new ArrayList<>();
            for (String h : hosts) {
                parsed.add(parse(h));
            }
            Path caCert = dir.resolve("ca.pem");
            Path caKey = dir.resolve("ca-key.pem");
            CertificateAuthority ca;
            if (CertificateAuthority.exists(caCert, caKey)) {
                try {
                    ca = CertificateAuthority.load(caCert, caKey);
                } catch (IOException e) {
                    throw new CliException(ExitCodes.CONFIG, "error: " + e.getMessage());
                }
                out.println("using the CA in " + caCert);
            } else if (Files.exists(caCert) || Files.exists(caKey)) {
                throw new CliException(ExitCodes.CONFIG, "error: " + dir + " holds only half a CA (ca.pem and ca-key.pem "
                        + "go together); move the one that is there aside");
            } else {
                ca = CertificateAuthority.create("PoG private CA", Duration.ofDays(3650));
                ca.save(caCert, caKey);
                out.println("made a CA: " + caCert + " (trust it in PM: tls.caFile), " + caKey + " (keep it private)");
            }
            for (Host h : parsed) {
                Path cert = dir.resolve(h.label + ".pem");
                Path key = dir.resolve(h.label + "-key.pem");
                if (!renew && (Files.exists(cert) || Files.exists(key))) {
                    out.println("kept " + cert + " (exists; --renew replaces it)");
                    continue;
                }
                ca.issue(h.names, Duration.ofDays(days)).save(cert, key, ca.certificate());
                out.println("issued " + cert + " and " + key + " for " + String.join(", ", h.names));
            }
            return ExitCodes.OK;
        }

        private record Host(String label, List<String> names) {
        }

        private static Host parse(String spec) {
            int eq = spec.indexOf('=');
            String label = eq < 0 ? spec : spec.substring(0, eq);
            List<String> names = Arrays.stream((eq < 0 ? spec : spec.substring(eq + 1)).split(","))
                    .map(String::strip).filter(n -> !n.isEmpty()).toList();
            if (!LABEL.matcher(label).matches()) {
                throw new CliException(ExitCodes.CONFIG, "error: --host " + spec + ": the label must be letters, digits, "
                        + "'.', '_' or '-' (it names the files)");
            }
            if (names.isEmpty()) {
                throw new CliException(ExitCodes.CONFIG, "error: --host " + spec + ": give at least one DNS name or IP address");
            }
            for (String n : names) {
                if (!NAME.matcher(n).matches()) {
                    throw new CliException(ExitCodes.CONFIG, "error: --host " + spec + ": '" + n
                            + "' is not a DNS name or an IP address");
                }
            }
            return new Host(label, names);
        }
    }
}
