package io.tollgate.autoconfigure;

import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;

/** A client of an application served on a random port, with a timeout a slow shared machine does not reach. */
final class ServingClient {

    private ServingClient() {
    }

    static WebTestClient at(int port) {
        return WebTestClient.bindToServer().responseTimeout(Duration.ofSeconds(30)).baseUrl("http://127.0.0.1:" + port)
                .build();
    }
}
