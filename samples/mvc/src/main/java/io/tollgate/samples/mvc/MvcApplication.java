package io.tollgate.samples.mvc;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring MVC application: its controllers answer on Tomcat ({@code server.port}, 8080), and its gateway on a
 * Reactor Netty server of its own ({@code tollgate.server.port}, 8081), which proxies {@code /api/orders/{id}} to
 * the backend the stage variable names.
 */
@SpringBootApplication
public class MvcApplication {

    public static void main(String[] args) {
        SpringApplication.run(MvcApplication.class, args);
    }

    /** The application's own endpoints, on its servlet container. */
    @RestController
    static class Orders {

        @GetMapping("/orders/{id}")
        String order(@PathVariable String id) {
            return "{\"id\":\"" + id + "\",\"from\":\"mvc\"}";
        }
    }
}
