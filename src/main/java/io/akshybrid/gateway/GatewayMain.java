package io.akshybrid.gateway;

import io.akshybrid.gateway.cli.Commands;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The entry point: the operator commands of {@link Commands} when the first argument names one (they
 * run without starting Quarkus or any database), the gateway otherwise.
 */
@QuarkusMain
public final class GatewayMain {

    private GatewayMain() {}

    public static void main(String... args) {
        if (Commands.handles(args)) {
            System.exit(Commands.run(args, System.out, System.err, System::getenv));
        }
        Quarkus.run(args);
    }
}
