package io.tollgate.autoconfigure;

import io.tollgate.core.server.LiveGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;

/**
 * Says at startup, in one INFO block, what the gateway serves: each API, its type and base path, its stages and its
 * route keys with their integration targets ({@link StartupReport}). {@code tollgate.startup-report.enabled=false}
 * turns it off.
 */
@AutoConfiguration(after = TollgateAutoConfiguration.class)
@ConditionalOnBean(LiveGateway.class)
@ConditionalOnProperty(prefix = "tollgate.startup-report", name = "enabled", havingValue = "true", matchIfMissing = true)
public final class TollgateStartupReportAutoConfiguration {

    /** Logs the report once the application is ready (its server is listening). */
    @Bean
    @ConditionalOnMissingBean(name = "tollgateStartupReport")
    ApplicationListener<ApplicationReadyEvent> tollgateStartupReport(LiveGateway gateway) {
        Logger log = LoggerFactory.getLogger(StartupReport.class);
        return event -> log.info(StartupReport.describe(gateway.current()));
    }
}
