package io.tollgate.autoconfigure.netty;

import io.tollgate.autoconfigure.TollgateAutoConfiguration;
import io.tollgate.autoconfigure.TollgateEdgeAutoConfiguration;
import io.tollgate.autoconfigure.TollgateProperties;
import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.Problem;
import io.tollgate.core.edge.EdgeSettings;
import io.tollgate.core.server.netty.GatewayEntry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnNotWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * Where gateway routes are served when the application has no WebFlux server: a Spring MVC application (which keeps
 * its servlet container) or one with no web server. With {@code tollgate.server.port}, the gateway runs its own Reactor
 * Netty server there ({@link TollgateServer}); without it, startup fails and says which to choose. A WebFlux
 * application serves gateway routes on its own server and needs neither; setting the port there fails too, rather than
 * being ignored.
 */
@AutoConfiguration(after = {TollgateAutoConfiguration.class, TollgateEdgeAutoConfiguration.class})
@ConditionalOnBean(GatewayEntry.class)
public final class TollgateServerAutoConfiguration {

    private static final String CHOOSE = "this application has no WebFlux server for the gateway's routes (it is a"
            + " Spring MVC application, or has no web server): set tollgate.server.port to serve them on a port of"
            + " their own beside the application, or make it a WebFlux application (spring-boot-starter-webflux"
            + " without spring-boot-starter-webmvc) to serve them on its server";

    /** Matches an application that is not a reactive web application: servlet, or no web application at all. */
    static final class NotReactive extends AnyNestedCondition {

        NotReactive() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
        static final class Servlet {
        }

        @ConditionalOnNotWebApplication
        static final class None {
        }
    }

    /** An application without WebFlux: the gateway's own server, on {@code tollgate.server.port}. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(NotReactive.class)
    static final class OwnServer {

        @Bean
        @ConditionalOnMissingBean
        TollgateServer tollgateServer(GatewayEntry entry, TollgateProperties properties,
                                      ObjectProvider<EdgeSettings> edge) {
            TollgateProperties.ServerProperties server = properties.server();
            Integer port = server.port();
            if (port == null) {
                throw new InvalidDefinitionException("the gateway's server",
                        List.of(new Problem("tollgate.server.port", CHOOSE)));
            }
            if (port < 0 || port > 65535) {
                throw new InvalidDefinitionException("the gateway's server",
                        List.of(new Problem("tollgate.server.port", port + " is not a port (0 to 65535; 0: any free one)")));
            }
            return new TollgateServer(entry, server.address(), port, edge.getIfAvailable());
        }
    }

    /** A WebFlux application given a port of the gateway's own: refused, since it would not be used. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnProperty(prefix = "tollgate.server", name = "port")
    static final class PortUnused {

        @Bean
        Object tollgateServerPortUnused() {
            throw new InvalidDefinitionException("the gateway's server", List.of(new Problem("tollgate.server.port",
                    "is for applications without WebFlux; this WebFlux application serves the gateway's routes on its"
                            + " own server (server.port): remove tollgate.server.port")));
        }
    }
}
