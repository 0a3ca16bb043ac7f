package io.tollgate.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Map;

/**
 * Deployments and stages ({@code tollgate.deployments.*}): the APIs as configured are the first deployment of each of
 * their stages; new deployments, rollbacks and canaries come from the actuator ({@code /actuator/tollgate}), from code
 * (the {@code Deployments} bean) or from a changed configuration.
 *
 * @param enabled       whether APIs have deployments (false: the configuration is compiled once and never changes)
 * @param history       how many deployments each API keeps (those a stage or canary serves are always kept)
 * @param writesEnabled whether the actuator may create deployments and change stages (default false: these change what
 *                      the gateway serves; enable them only on an actuator the application secures)
 * @param store         where deployments and stages are kept: local (this instance's memory: a restart returns to the
 *                      configuration) or redis (shared by every instance on the same Redis and prefix)
 * @param redis         the Redis of {@code store: redis}
 * @param watch         a file of API definitions whose changes are deployed while the application runs
 */
@ConfigurationProperties("tollgate.deployments")
public record TollgateDeploymentsProperties(@DefaultValue("true") boolean enabled, @DefaultValue("20") int history,
                                            @DefaultValue("false") boolean writesEnabled,
                                            @DefaultValue("local") Store store,
                                            @DefaultValue RedisProperties redis,
                                            @DefaultValue WatchProperties watch) {

    /** Where deployments and stages are kept. */
    public enum Store {
        /** This instance's memory: nothing installed, and a restart returns to the configuration. */
        LOCAL,
        /** Redis, shared by every instance on the same Redis and prefix. */
        REDIS
    }

    /**
     * The Redis of the shared deployment store.
     *
     * @param url               the Redis: redis://host:port, or a primary found through Sentinel,
     *                          redis-sentinel://host:port,host:port#primary (default: the application's Redis Cluster
     *                          client when it has one, else spring.data.redis.url, else redis://127.0.0.1:6379)
     * @param prefix            the prefix of its keys and channel (without braces); instances with the same one share
     *                          their deployments
     * @param timeout           how long an operation waits for Redis before the change is refused
     * @param reconcileInterval how often an instance compares what it serves with the store (a change is announced at
     *                          once; this catches an announcement missed, and notices Redis coming back)
     */
    public record RedisProperties(@Nullable String url, @DefaultValue("tollgate:deployments:") String prefix,
                                  @DefaultValue("2s") Duration timeout, @DefaultValue("5s") Duration reconcileInterval) {
    }

    /**
     * A file of API definitions the gateway follows: when its content changes, each API that changed in it is deployed
     * to the stages it defines there (an invalid file changes nothing; an API removed from it is left as it is).
     *
     * @param file     a YAML (.yml, .yaml) or properties (.properties, .xml) file of tollgate.apis.* properties, written
     *                 and read as in application.yml (default: no file is watched)
     * @param interval how often the file is read to see whether it changed (default 2s)
     */
    public record WatchProperties(@Nullable String file, @DefaultValue("2s") Duration interval) {
    }

    /**
     * A stage's canary as configured: the stage's first deployment, with other stage variables, serving a share of
     * its requests (AWS's canarySettings on one deployment). A canary of another deployment is set on the actuator.
     *
     * @param percentTraffic         the share of the stage's requests the canary serves, 0.0 to 100.0
     * @param stageVariableOverrides the stage variables the canary changes or adds (a backend's URL, for instance)
     * @param useStageCache          whether the canary uses the stage's cache (default true)
     * @param stickyHeader           a request header whose value keeps a client on one side (by its hash)
     * @param stickyCookie           a cookie whose value keeps a client on one side (by its hash)
     * @param abort                  when the gateway removes the canary by itself (default: never)
     */
    public record CanaryProperties(@Nullable Double percentTraffic, @Nullable Map<String, String> stageVariableOverrides,
                                   @Nullable Boolean useStageCache, @Nullable String stickyHeader,
                                   @Nullable String stickyCookie, @Nullable CanaryAbortProperties abort) {
    }

    /**
     * When a canary is removed by the gateway: over each window in which both sides answered at least
     * {@code min-requests}, the canary's 5XX share exceeds the base's by more than {@code error-rate-margin}, or its
     * p99 latency the base's by more than {@code latency-margin}.
     *
     * @param window          how long each judged window is (default 1m)
     * @param minRequests     how many requests each side must have answered in a window to be judged (default 100)
     * @param errorRateMargin how far the canary's 5XX share may exceed the base's, 0.0 to 1.0 (default 0.05: five points)
     * @param latencyMargin   how far the canary's p99 latency may exceed the base's (default: not judged)
     */
    public record CanaryAbortProperties(@Nullable Duration window, @Nullable Long minRequests,
                                        @Nullable Double errorRateMargin, @Nullable Duration latencyMargin) {
    }
}
