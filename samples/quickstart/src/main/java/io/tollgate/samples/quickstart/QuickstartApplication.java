package io.tollgate.samples.quickstart;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The petstore: a Spring Boot application that is its own API gateway. Its APIs are in {@code application.yml};
 * without {@code PETSTORE_BACKEND}, the gateway's backend is the small pet service this same application serves
 * under {@code /backend}.
 */
@SpringBootApplication
public class QuickstartApplication {

    public static void main(String[] args) {
        SpringApplication.run(QuickstartApplication.class, args);
    }
}
