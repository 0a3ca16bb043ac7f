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
 * A WebFlux application whose gateway configuration is wrong fails with the configuration's problems, before any bean
 * is made (so not after a warning that its web server could not start), and the report tells what to change.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfigurationFailureTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    @Test
    void aWrongRouteKeyFailsAsItselfBeforeTheServerStarts(CapturedOutput output) {
        SpringApplicationBuilder app = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.REACTIVE)
                .properties("server.port=0", "spring.main.banner-mode=off",
                        "tollgate.apis.shop.routes[0].route-key=GET orders",
                        "tollgate.apis.shop.routes[0].integration.type=MOCK");
        assertThatThrownBy(app::run).isInstanceOf(TollgateConfigurationException.class)
                .hasMessageContaining("tollgate.apis.shop.routes[0].route-key: 'GET orders' must start with '/'");
        assertThat(output).doesNotContain("Unable to start reactive web server").doesNotContain("Netty started");
    }

    /**
     * A value outside a closed set (an enum of the properties records) is one of the configuration's problems: the
     * report names the property, the value, the values allowed and where it is written, with the others.
     */
    @Test
    void aMisspelledIntegrationTypeFailsNamingThePropertyAndTheValuesAllowed(CapturedOutput output) {
        SpringApplicationBuilder app = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.REACTIVE)
                .properties("server.port=0", "spring.main.banner-mode=off",
                        "tollgate.apis.shop.routes[0].route-key=GET orders",
                        "tollgate.apis.shop.routes[0].integration.type=HTTP_PROXYY");
        assertThatThrownBy(app::run).isInstanceOf(TollgateConfigurationException.class)
                // the integration the wrong type leaves unbound is not reported again as missing
                .hasMessageContaining("2 problems in the Tollgate configuration")
                .hasMessageContaining("tollgate.apis.shop.routes[0].integration.type: 'HTTP_PROXYY' is not one of"
                        + " HTTP_PROXY, HTTP, MOCK, FUNCTION")
                .hasMessageContaining("tollgate.apis.shop.routes[0].route-key: 'GET orders' must start with '/'");
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Write each value that is not of its property's type")
                .doesNotContain("Unable to start reactive web server").doesNotContain("Netty started");
    }
}
