package io.tollgate.samples.boot40;

import io.tollgate.autoconfigure.TollgateConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A misspelled {@code tollgate.*} property fails the application's startup on Spring Boot 4.0 too, naming the
 * property, the file it is written in and the nearest known name, and Boot's failure analysis (Tollgate's analyzer)
 * explains it. The misspelling is in {@code misspelled.yml}, a configuration file added to {@code application.yml}.
 */
@ExtendWith(OutputCaptureExtension.class)
class Boot40MisspelledPropertyTest {

    @Test
    void aMisspelledPropertyFailsStartupNamingIt(CapturedOutput output) {
        assertThat(SpringBootVersion.getVersion()).isEqualTo("4.0.7");
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(Boot40Application.class)
                .run("--server.port=0", "--spring.config.additional-location=classpath:misspelled.yml"));
        assertThat(failure).isNotNull();
        Throwable cause = failure;
        while (!(cause instanceof TollgateConfigurationException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertThat(cause).isInstanceOf(TollgateConfigurationException.class)
                .hasMessageContaining("in the Tollgate configuration")
                .hasMessageContaining("tollgate.usage-plans.basic.throttle.burst-limt: unknown property: did you"
                        + " mean 'burst-limit'?")
                .hasMessageContaining("misspelled.yml"); // where it is written: file and line
        assertThat(((TollgateConfigurationException) cause).properties())
                .containsExactly("tollgate.usage-plans.basic.throttle.burst-limt");
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("tollgate.usage-plans.basic.throttle.burst-limt")
                .contains("tollgate.fail-on-unknown-properties=false");
    }
}
