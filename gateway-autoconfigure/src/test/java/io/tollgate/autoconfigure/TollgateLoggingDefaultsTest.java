package io.tollgate.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.StandardEnvironment;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TollgateLoggingDefaultsTest {

    private static final String LEVEL = "logging.level.reactor.netty.http.client.HttpClientConnect";
    private static final String SERVER_LEVEL = "logging.level.reactor.netty.http.server.HttpServerOperations";

    @Test
    void reactorNettysClientErrorLinesStartAtError() {
        StandardEnvironment environment = new StandardEnvironment();
        new TollgateLoggingDefaults().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty(LEVEL)).isEqualTo("ERROR");
        assertThat(environment.getProperty(SERVER_LEVEL)).isEqualTo("ERROR");
    }

    @Test
    void theApplicationsOwnLevelWins() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("app", Map.of(LEVEL, "WARN")));
        new TollgateLoggingDefaults().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty(LEVEL)).isEqualTo("WARN");
    }

    @Test
    void anApplicationStartsWithIt() {
        SpringApplication application = new SpringApplication(Empty.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        try (ConfigurableApplicationContext context = application.run("--spring.main.banner-mode=off")) {
            assertThat(context.getEnvironment().getProperty(LEVEL)).isEqualTo("ERROR");
            assertThat(LoggerFactory.getLogger("reactor.netty.http.client.HttpClientConnect").isWarnEnabled()).isFalse();
            assertThat(LoggerFactory.getLogger("reactor.netty.http.server.HttpServerOperations").isWarnEnabled()).isFalse();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Empty {
    }
}
