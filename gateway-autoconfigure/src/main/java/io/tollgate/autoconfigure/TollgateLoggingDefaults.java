package io.tollgate.autoconfigure;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Default log levels for what Tollgate already reports itself, added last (so any {@code logging.level.*} the
 * application sets wins). Reactor Netty's HTTP client logs every failure it observes on a backend connection at WARN
 * with a stack trace ("The connection observed an error"), including the resets Tollgate makes on purpose when a
 * client's upload breaks or stalls; Tollgate logs each integration failure itself, as one WARN line with the route
 * and the cause (a client's fault at DEBUG). So that logger starts at ERROR; an application that wants Reactor
 * Netty's lines back sets {@code logging.level.reactor.netty.http.client.HttpClientConnect=WARN}.
 *
 * <p>Likewise Reactor Netty's server logs every request whose body it could not decode (a broken chunk) at WARN
 * ("Decoding failed"), one line for each such request a client sends: a client's fault, which Tollgate answers 400
 * and logs at DEBUG ({@code io.tollgate.core.edge}). {@code reactor.netty.http.server.HttpServerOperations}, whose
 * only WARN line that is, starts at ERROR too.
 */
public final class TollgateLoggingDefaults implements EnvironmentPostProcessor {

    /** The name of the property source this adds. */
    public static final String PROPERTY_SOURCE = "tollgateLoggingDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(PROPERTY_SOURCE)) {
            return;
        }
        environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE,
                Map.of("logging.level.reactor.netty.http.client.HttpClientConnect", "ERROR",
                        "logging.level.reactor.netty.http.server.HttpServerOperations", "ERROR")));
    }
}
