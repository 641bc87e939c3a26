package io.podyard.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podyard.apiserver.tls.ClientCertificates;
import io.podyard.cli.join.BootstrapToken;
import io.podyard.client.ApiClients;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "token", description = "Bootstrap tokens that let other machines join as nodes.",
        subcommands = TokenCommand.Create.class)
final class TokenCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Durations as people write them on a command line: 30s, 90m, 24h, 7d. */
    static final class ShortDuration implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            if (!value.matches("[1-9][0-9]{0,5}[smhd]")) {
                throw new TypeConversionException("'" + value + "' is not a duration like 30s, 90m, 24h or 7d");
            }
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            return switch (value.charAt(value.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
    }

    @Command(name = "create", description = "Create a bootstrap token and print the command that joins a machine.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--data-dir", description = "the server's data dir (default: /var/lib/podyard as root,"
                + " else ~/.podyard)")
        Path dataDir;

        @Option(names = "--ttl", converter = ShortDuration.class,
                description = "how long the token joins machines: 90m, 24h, 7d (default 24h)")
        Duration ttl = Duration.ofHours(24);

        @Option(names = "--server", description = "the URL other machines reach the API server at"
                + " (default: https://<host name>:<port>)")
        URI server;

        @Override
        public Integer call() throws Exception {
            Path dir = DataDir.orDefault(dataDir);
            Config config = Config.fromKubeconfig(Files.readString(dir.resolve("kubeconfig.yaml")));
            String pin = ClientCertificates.pin(ClientCertificates.certificate(
                    Files.readString(dir.resolve("pki").resolve("ca.crt"))));
            URI url = server != null ? server
                    : URI.create("https://" + ServerCommand.hostName() + ":" + URI.create(config.getMasterUrl()).getPort());
            String token;
            try (KubernetesClient client = ApiClients.create(config)) {
                token = BootstrapToken.create(client, ttl, Instant.now(), "made by podyard token create");
            }
            spec.commandLine().getOut().println("podyard agent --server " + url + " --token " + token
                    + " --ca-cert-hash " + pin);
            return 0;
        }
    }
}
