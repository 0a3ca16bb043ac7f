package io.tollgate.autoconfigure.netty;

import io.tollgate.autoconfigure.TollgateAutoConfiguration;
import io.tollgate.autoconfigure.TollgateEdgeAutoConfiguration;
import io.tollgate.autoconfigure.TollgateFunctionAutoConfiguration;
import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.testsupport.RawClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import reactor.netty.http.client.HttpClient;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application without WebFlux (here: no web server at all) serves the gateway on a port of its own; without that
 * port, startup says what to choose.
 */
class TollgateServerAutoConfigurationTest {

    private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(TollgateAutoConfiguration.class,
            TollgateFunctionAutoConfiguration.class, TollgateEdgeAutoConfiguration.class,
            TollgateServerAutoConfiguration.class);

    private static final String[] HEALTH = {
            "tollgate.apis.shop.base-path=/shop",
            "tollgate.apis.shop.routes[0].route-key=GET /health",
            "tollgate.apis.shop.routes[0].integration.type=MOCK",
            "tollgate.apis.shop.routes[0].integration.body={\"status\":\"ok\"}",
    };

    @Test
    void withAPortTheGatewayServesOnItsOwnServerBehindTheEdge() {
        new ApplicationContextRunner().withConfiguration(CONFIGURATIONS).withPropertyValues(HEALTH)
                .withPropertyValues("tollgate.server.port=0", "tollgate.server.address=127.0.0.1")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    TollgateServer server = context.getBean(TollgateServer.class);
                    assertThat(server.isRunning()).isTrue();
                    HttpClient client = HttpClient.create().baseUrl("http://127.0.0.1:" + server.port());
                    assertThat(client.get().uri("/shop/health").responseSingle((response, body) -> body.asString()
                            .map(text -> response.status().code() + " " + response.responseHeaders()
                                    .get("apigw-requestid", "none").isEmpty() + " " + text))
                            .block(Duration.ofSeconds(10))).isEqualTo("200 false {\"status\":\"ok\"}");
                    assertThat(client.get().uri("/shop/nothing").responseSingle((response, body) -> body.asString()
                            .map(text -> response.status().code() + " " + text))
                            .block(Duration.ofSeconds(10))).isEqualTo("404 {\"message\":\"Not Found\"}");
                    // the edge's strict framing, as on the application's server: Content-Length with chunked is refused
                    try (RawClient raw = new RawClient(server.port(), 10_000)) {
                        raw.send("POST /shop/health HTTP/1.1\r\nHost: shop\r\nContent-Length: 5\r\n"
                                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
                        assertThat(raw.readResponse()).startsWith("HTTP/1.1 400");
                    }
                });
    }

    @Test
    void theServerStopsWithTheContext() {
        int[] port = new int[1];
        new ApplicationContextRunner().withConfiguration(CONFIGURATIONS).withPropertyValues(HEALTH)
                .withPropertyValues("tollgate.server.port=0", "tollgate.server.address=127.0.0.1")
                .run(context -> port[0] = context.getBean(TollgateServer.class).port());
        assertThat(port[0]).isPositive();
        assertThat(HttpClient.create().baseUrl("http://127.0.0.1:" + port[0]).get().uri("/shop/health")
                .response().map(r -> "answered").onErrorReturn("refused").block(Duration.ofSeconds(10)))
                .isEqualTo("refused");
    }

    @Test
    void withoutAPortStartupSaysWhichToChoose() {
        new ApplicationContextRunner().withConfiguration(CONFIGURATIONS).withPropertyValues(HEALTH).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(InvalidDefinitionException.class)
                    .hasMessageContaining("tollgate.server.port: this application has no WebFlux server for the"
                            + " gateway's routes")
                    .hasMessageContaining("set tollgate.server.port")
                    .hasMessageContaining("spring-boot-starter-webflux");
        });
        new ApplicationContextRunner().withConfiguration(CONFIGURATIONS).withPropertyValues(HEALTH)
                .withPropertyValues("tollgate.server.port=70000").run(context ->
                        assertThat(context.getStartupFailure()).rootCause()
                                .hasMessageContaining("tollgate.server.port: 70000 is not a port"));
    }

    @Test
    void aWebFluxApplicationServesOnItsOwnServerAndRefusesTheUnusedPort() {
        new ReactiveWebApplicationContextRunner().withConfiguration(CONFIGURATIONS).withPropertyValues(HEALTH)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(TollgateServer.class);
                });
        new ReactiveWebApplicationContextRunner().withConfiguration(CONFIGURATIONS).withPropertyValues(HEALTH)
                .withPropertyValues("tollgate.server.port=8081").run(context ->
                        assertThat(context.getStartupFailure()).rootCause()
                                .hasMessageContaining("tollgate.server.port: is for applications without WebFlux"));
    }
}
