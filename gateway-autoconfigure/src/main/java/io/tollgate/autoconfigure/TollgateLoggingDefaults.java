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
                Map.of("logging.level.reactor.netty.http.client.HttpClientConnect", "ERROR")));
    }
}
