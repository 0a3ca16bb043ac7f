package io.tollgate.autoconfigure.netty;

import io.tollgate.autoconfigure.TollgateConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A WebFlux application whose gateway configuration is wrong fails with the configuration's problem, not after a
 * warning that its web server could not start (the server is made before the gateway is built).
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfigurationFailureTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    @Test
    void aWrongIntegrationTypeFailsAsItselfBeforeTheServerStarts(CapturedOutput output) {
        SpringApplicationBuilder app = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.REACTIVE)
                .properties("server.port=0", "spring.main.banner-mode=off",
                        "tollgate.apis.shop.routes[0].route-key=GET /orders",
                        "tollgate.apis.shop.routes[0].integration.type=HTTP_PROXYY");
        // refused with every other problem of the configuration, before any bean is made
        assertThatThrownBy(app::run).isInstanceOf(TollgateConfigurationException.class)
                .hasMessageContaining("tollgate.apis.shop.routes[0].integration.type: unknown integration"
                        + " type 'HTTP_PROXYY'");
        assertThat(output).doesNotContain("Unable to start reactive web server").doesNotContain("Netty started");
    }
}
