package io.tollgate.autoconfigure;

import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import reactor.core.scheduler.Schedulers;

/**
 * Spring Cloud's refresh ({@link EnvironmentChangeEvent}: the environment's property sources were reloaded, by
 * {@code /actuator/refresh}, a config server's or a bus's notice): the {@code tollgate.apis.*} properties are read again
 * and the APIs that changed are deployed ({@link ConfigurationDeployer}). On the thread that published the event, or on
 * Reactor's bounded elastic scheduler when that thread must not block (an event loop).
 */
final class ConfigurationRefreshListener implements ApplicationListener<EnvironmentChangeEvent> {

    private final Environment environment;
    private final ConfigurationDeployer deployer;

    ConfigurationRefreshListener(Environment environment, ConfigurationDeployer deployer) {
        this.environment = environment;
        this.deployer = deployer;
    }

    @Override
    public void onApplicationEvent(EnvironmentChangeEvent event) {
        if (Schedulers.isInNonBlockingThread()) {
            Schedulers.boundedElastic().schedule(this::refresh);
        } else {
            refresh();
        }
    }

    /** Reads the environment's API definitions again and deploys what changed. */
    ConfigurationDeployer.Outcome refresh() {
        return deployer.apply(ConfigurationDeployer.definitions(environment));
    }
}
