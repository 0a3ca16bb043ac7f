package io.tollgate.core.server.deploy;

/**
 * Told of each change of a stage once the gateway serves it (after the swap), on the thread that made it. The Spring
 * Boot starter publishes each as an application event, and flushes a stage's cache when a deployment asks for it.
 */
@FunctionalInterface
public interface DeploymentListener {

    DeploymentListener NONE = (change, flushCache) -> {
    };

    /** {@code flushCache}: the change asked for the stage's cache to be emptied. */
    void changed(StageChange change, boolean flushCache);
}
