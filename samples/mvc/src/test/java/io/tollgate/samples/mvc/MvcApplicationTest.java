package io.tollgate.samples.mvc;

import io.tollgate.autoconfigure.netty.TollgateServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A Spring MVC application on Tomcat, with its gateway on a port of its own. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class MvcApplicationTest {

    static final int APP_PORT = freePort();

    @DynamicPropertySource
    static void ports(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> APP_PORT);
        registry.add("tollgate.server.port", () -> 0);
        registry.add("tollgate.apis.shop.stages.[$default].variables.backend", () -> "http://127.0.0.1:" + APP_PORT);
    }

    @LocalServerPort
    int appPort;

    @Autowired
    TollgateServer gateway;

    @Autowired
    ApplicationContext context;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theApplicationStaysOnTomcatAndTheGatewayServesOnItsOwnPort() throws Exception {
        assertThat(context.getClass().getSimpleName()).contains("Servlet");
        assertThat(gateway.port()).isPositive().isNotEqualTo(appPort);

        HttpResponse<String> own = get(appPort, "/orders/7");
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).isEqualTo("{\"id\":\"7\",\"from\":\"mvc\"}");

        HttpResponse<String> proxied = get(gateway.port(), "/api/orders/7");
        assertThat(proxied.statusCode()).isEqualTo(200);
        assertThat(proxied.body()).isEqualTo("{\"id\":\"7\",\"from\":\"mvc\"}");
        assertThat(proxied.headers().firstValue("apigw-requestid")).isPresent();

        HttpResponse<String> health = get(gateway.port(), "/api/health");
        assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");

        assertThat(get(gateway.port(), "/orders/7").body()).isEqualTo("{\"message\":\"Not Found\"}");
        assertThat(get(appPort, "/api/health").statusCode()).isEqualTo(404);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
