package io.tollgate.samples.boot40;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A WebFlux application on Spring Boot 4.0 that is its own API gateway: its API is in {@code application.yml}, the
 * backend's address in the property {@code boot40.backend}.
 */
@SpringBootApplication
public class Boot40Application {

    public static void main(String[] args) {
        SpringApplication.run(Boot40Application.class, args);
    }
}
