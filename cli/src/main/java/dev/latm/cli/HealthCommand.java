package dev.latm.cli;

import dev.latm.client.ServingStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code latm health}: the grpc.health.v1 check, for Docker HEALTHCHECK and scripts. */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = "Ask a server's grpc.health.v1 service; exit 0 when SERVING, 3 when not, 4 when unreachable.")
final class HealthCommand implements Callable<Integer> {

    @Mixin
    TargetOptions target;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!target.remote()) {
            throw new IllegalArgumentException("health needs --target HOST:PORT");
        }
        ServingStatus status;
        try (Connection connection = Connection.open(target, null)) {
            status = connection.client().health();
        }
        spec.commandLine().getOut().println(status);
        spec.commandLine().getOut().flush();
        return status == ServingStatus.SERVING ? 0 : LatmCli.EXIT_REFUSED;
    }
}
