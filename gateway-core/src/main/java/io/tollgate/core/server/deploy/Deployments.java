package io.tollgate.core.server.deploy;

import com.github.benmanes.caffeine.cache.Ticker;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.MethodSetting;
import io.tollgate.core.api.Problem;
import io.tollgate.core.api.RouteKey;
import io.tollgate.core.api.Stage;
import io.tollgate.core.api.usage.Throttle;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.server.GatewayBuilder;
import io.tollgate.core.server.LiveGateway;
import io.tollgate.core.server.deploy.DeploymentException.Reason;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The life cycle of APIs as Amazon API Gateway has it: deployments (immutable snapshots of an API's definition),
 * stages that point at one and carry their own settings, rollback, and canaries. Every change is compiled and checked
 * completely before it serves anything (an invalid one changes nothing and names every problem); the compiled gateway
 * is then swapped in at once ({@link LiveGateway}): requests in flight finish on the deployment they began on, new ones
 * take the new one, and the state that outlives requests (keys, buckets, quotas, caches, authorizer decisions, JWK
 * sets) stays with the features. Changes are serialised: each caller learns the stage as its change left it.
 *
 * <p>The methods block while a gateway compiles: call them off the event loop.
 */
public final class Deployments {

    private static final Logger log = LoggerFactory.getLogger(Deployments.class);
    private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DeploymentStore store;
    private final Clock clock;
    private final int history;
    private final DeploymentListener listener;
    private final Executor background;
    private final CanaryJudge judge;
    private final DeploymentModels models;
    private final Object lock = new Object();
    private @Nullable LiveGateway live;
    /** The stages the live gateway serves, by {@code api/stage}. */
    private Map<String, StageState> applied = Map.of();
    private @Nullable AutoCloseable watching;
    private volatile Sync sync = new Sync(true, null, Instant.EPOCH, 0);

    private Deployments(Builder builder) {
        this.store = builder.store;
        this.clock = builder.clock;
        this.history = builder.history;
        this.listener = builder.listener;
        this.background = builder.background;
        this.judge = new CanaryJudge(builder.ticker, this::abortLater);
        this.models = new DeploymentModels(builder.gateway, builder.definitions, builder.problemPaths, judge,
                this::deployment);
    }

    /** Deployments compiled by {@code gateway} (its features and settings; its APIs are replaced by every change). */
    public static Builder builder(GatewayBuilder gateway) {
        return new Builder(gateway);
    }

    /**
     * Starts serving: each API of {@code apis} not yet in the store becomes its first deployment ({@code definitions}:
     * each API's definition as written, by name; absent for an API defined in code), pointed at by each of its stages.
     * Returns the live gateway; a later call returns the same.
     */
    public LiveGateway start(List<Api> apis, Map<String, Map<String, Object>> definitions) {
        return start(apis, definitions, Map.of());
    }

    /**
     * Starts serving, with the canaries configured by {@code api/stage}: a configured canary serves the stage's first
     * deployment (its stage variable overrides make the difference), whatever deployment id it carries.
     */
    public LiveGateway start(List<Api> apis, Map<String, Map<String, Object>> definitions,
                             Map<String, CanarySettings> canaries) {
        synchronized (lock) {
            if (live != null) {
                return live;
            }
            Instant now = clock.instant();
            Set<String> stored = new HashSet<>();
            stored(() -> store.stages()).forEach(s -> stored.add(s.api()));
            List<StageChange> changes = new ArrayList<>();
            List<Deployment> created = new ArrayList<>();
            List<StageState> states = new ArrayList<>();
            for (Api api : apis) {
                if (!definitions.containsKey(api.name())) {
                    models.code(api);
                }
                if (stored.contains(api.name())) {
                    continue;
                }
                Deployment deployment = new Deployment(newId(), api.name(), "configuration", now,
                        definitions.getOrDefault(api.name(), Map.of()));
                models.put(deployment.id(), api);
                created.add(deployment);
                for (Stage stage : api.stages()) {
                    CanarySettings canary = canaries.get(StageState.key(api.name(), stage.name()));
                    states.add(new StageState(api.name(), stage.withDeployment(deployment.id()), List.of(),
                            canary == null ? null : canary.withDeployment(deployment.id()), now));
                    changes.add(new StageChange(StageChange.Kind.STARTED, api.name(), stage.name(), null,
                            deployment.id(), null, "the application's configuration"));
                }
            }
            List<StageState> all = new ArrayList<>(stored(() -> store.stages()));
            all.addAll(states);
            Gateway compiled = models.compile(all);
            stored(() -> {
                created.forEach(store::save);
                states.forEach(store::save);
                return null;
            });
            live = new LiveGateway(compiled);
            applied = byKey(all);
            synced();
            watch();
            changes.forEach(c -> listener.changed(c, false));
            return live;
        }
    }

    /** The gateway served now; {@link #start} first. */
    public LiveGateway live() {
        LiveGateway current = live;
        if (current == null) {
            throw new IllegalStateException("not started");
        }
        return current;
    }

    /**
     * Creates a deployment of API {@code api} from its definition (the shape of the {@code tollgate.apis.<name>}
     * properties). It is compiled and checked as if every stage of the API (or, for a new API, every stage it defines)
     * served it, but serves nothing until a stage points at it ({@link #deploy}).
     */
    public Deployment create(String api, Map<String, Object> definition, String description) {
        Api model = models.read(api, definition);
        return create(new Deployment(newId(), api, description, clock.instant(), definition), model);
    }

    /** Creates a deployment of an API defined in code ({@code model}); only this instance can serve it. */
    public Deployment create(Api model, String description) {
        return create(new Deployment(newId(), model.name(), description, clock.instant(), Map.of()), model);
    }

    private Deployment create(Deployment deployment, Api model) {
        synchronized (lock) {
            models.put(deployment.id(), model);
            try {
                List<StageState> trial = new ArrayList<>();
                boolean known = false;
                for (StageState state : stages()) {
                    if (state.api().equals(deployment.api())) {
                        known = true;
                        trial.add(with(state, state.stage().withDeployment(deployment.id()), state.history(), null));
                    } else {
                        trial.add(state);
                    }
                }
                if (!known) {
                    Instant now = clock.instant();
                    model.stages().forEach(stage -> trial.add(new StageState(deployment.api(),
                            stage.withDeployment(deployment.id()), List.of(), null, now)));
                }
                models.compile(trial);
                stored(() -> {
                    store.save(deployment);
                    return null;
                });
            } catch (RuntimeException e) {
                models.remove(deployment.api(), deployment.id());
                throw e;
            }
            prune(deployment.api());
            return deployment;
        }
    }

    /** The deployments of {@code api}, oldest first. */
    public List<Deployment> deployments(String api) {
        return stored(() -> store.deployments(api));
    }

    /** Deployment {@code id} of {@code api}; {@link Reason#NOT_FOUND} when there is none. */
    public Deployment deployment(String api, String id) {
        Deployment deployment = stored(() -> store.deployment(api, id));
        if (deployment == null) {
            throw notFound("api '" + api + "' has no deployment '" + id + "'");
        }
        return deployment;
    }

    /** What changed from deployment {@code from} to deployment {@code to} of {@code api}. */
    public DefinitionDiff diff(String api, String from, String to) {
        Deployment before = deployment(api, from);
        Deployment after = deployment(api, to);
        for (Deployment deployment : List.of(before, after)) {
            if (!deployment.hasDefinition()) {
                throw new DeploymentException(Reason.CONFLICT, "deployment '" + deployment.id() + "' of api '" + api
                        + "' was defined in code: it has no definition to compare");
            }
        }
        return DefinitionDiff.of(from, before.definition(), to, after.definition());
    }

    /** Every stage of every API. */
    public List<StageState> stages() {
        return stored(() -> store.stages());
    }

    /** Stage {@code stage} of {@code api}; {@link Reason#NOT_FOUND} when there is none. */
    public StageState stage(String api, String stage) {
        for (StageState state : stages()) {
            if (state.api().equals(api) && state.name().equals(stage)) {
                return state;
            }
        }
        boolean apiKnown = stages().stream().anyMatch(s -> s.api().equals(api)) || !deployments(api).isEmpty();
        throw notFound(apiKnown ? "api '" + api + "' has no stage '" + stage + "'" : "no api named '" + api + "'");
    }

    /**
     * Points stage {@code stage} of {@code api} at deployment {@code id} (creating the stage, with the settings the
     * deployment's definition gives it, if it does not exist); {@code flushCache} empties its cache once the new
     * deployment serves. Refused while the stage has a canary (promote or delete it first), as AWS does.
     */
    public StageState deploy(String api, String stage, String id, boolean flushCache) {
        synchronized (lock) {
            deployment(api, id);
            StageState current = find(api, stage);
            StageState next;
            if (current == null) {
                Stage defined = models.definedStage(api, id, stage);
                next = new StageState(api, defined.withDeployment(id), List.of(), null, clock.instant());
            } else {
                if (current.canary() != null) {
                    throw new DeploymentException(Reason.CONFLICT, "stage '" + stage + "' of api '" + api
                            + "' has a canary (deployment '" + current.canary().deploymentId()
                            + "'): promote or delete it before deploying");
                }
                if (current.deploymentId().equals(id)) {
                    return current;
                }
                next = with(current, current.stage().withDeployment(id), pushed(current), null);
            }
            if (flushCache) {
                next = next.flushed(); // counted in the store: every instance sharing it flushes its own cache
            }
            apply(next, new StageChange(StageChange.Kind.DEPLOYED, api, stage,
                    current == null ? null : current.deploymentId(), id, null, "deployed"), flushCache);
            return next;
        }
    }

    /** Points a stage back at the deployment it served before the current one. */
    public StageState rollback(String api, String stage, boolean flushCache) {
        synchronized (lock) {
            StageState current = stage(api, stage);
            if (current.canary() != null) {
                throw new DeploymentException(Reason.CONFLICT, "stage '" + stage + "' of api '" + api
                        + "' has a canary: promote or delete it before rolling back");
            }
            List<String> earlier = new ArrayList<>(current.history());
            while (!earlier.isEmpty() && stored(() -> store.deployment(api, earlier.get(earlier.size() - 1))) == null) {
                earlier.remove(earlier.size() - 1); // pruned from the history since
            }
            if (earlier.isEmpty()) {
                throw new DeploymentException(Reason.CONFLICT, "stage '" + stage + "' of api '" + api
                        + "' has no earlier deployment to roll back to");
            }
            String previous = earlier.remove(earlier.size() - 1);
            StageState rolledBack = with(current, current.stage().withDeployment(previous), earlier, null);
            StageState next = flushCache ? rolledBack.flushed() : rolledBack;
            apply(next, new StageChange(StageChange.Kind.ROLLED_BACK, api, stage, current.deploymentId(), previous,
                    null, "rolled back"), flushCache);
            return next;
        }
    }

    /**
     * Changes a stage's own settings: stage variables ({@code variables}: a value sets one, {@code null} removes it;
     * names of 1-64 letters, digits or {@code _}) and its throttle ({@code throttle}; {@code removeThrottle} clears it).
     */
    public StageState update(String api, String stage, Map<String, @Nullable String> variables,
                             @Nullable Throttle throttle, boolean removeThrottle) {
        return update(api, stage, variables, throttle, removeThrottle, Map.of());
    }

    /**
     * Changes a stage's own settings, its routes' throttles too ({@code routeThrottles}: by route key of the deployment
     * the stage serves; a throttle sets one, {@code null} removes it).
     */
    public StageState update(String api, String stage, Map<String, @Nullable String> variables,
                             @Nullable Throttle throttle, boolean removeThrottle,
                             Map<String, @Nullable Throttle> routeThrottles) {
        synchronized (lock) {
            StageState current = stage(api, stage);
            List<Problem> problems = new ArrayList<>();
            checkVariableNames(variables.keySet(), "variables", problems);
            Map<String, Throttle> perRoute = new LinkedHashMap<>(current.stage().routeThrottles());
            if (!routeThrottles.isEmpty()) {
                Set<String> routes = new HashSet<>();
                models.model(api, current.deploymentId()).routes().forEach(r -> routes.add(r.key().toString()));
                routeThrottles.forEach((key, routeThrottle) -> {
                    String normalized = RouteKey.canonical(key);
                    if (!routes.contains(normalized)) {
                        problems.add(new Problem("routeThrottles[" + key + "]", "'" + key + "' is not a route key of"
                                + " deployment '" + current.deploymentId() + "'"));
                    } else if (routeThrottle == null) {
                        perRoute.remove(normalized);
                    } else {
                        perRoute.put(normalized, routeThrottle);
                    }
                });
            }
            if (!problems.isEmpty()) {
                throw new DeploymentException(Reason.INVALID, "the stage's settings are invalid", problems, null);
            }
            Map<String, String> merged = new LinkedHashMap<>(current.stage().variables());
            variables.forEach((name, value) -> {
                if (value == null) {
                    merged.remove(name);
                } else {
                    merged.put(name, value);
                }
            });
            Stage settings = current.stage().withVariables(merged).withRouteThrottles(perRoute);
            if (removeThrottle || throttle != null) {
                settings = settings.withThrottle(throttle);
            }
            StageState next = with(current, settings, current.history(), current.canary());
            apply(next, new StageChange(StageChange.Kind.UPDATED, api, stage, current.deploymentId(),
                    current.deploymentId(), canaryId(next), "settings updated"), false);
            return next;
        }
    }

    /**
     * Changes a stage's method settings (AWS's): by route key of the API the stage serves, or {@code MethodSetting.ALL_ROUTES};
     * a {@code null} setting removes one. Takes effect at once, for every request resolved from then on.
     */
    public StageState methodSettings(String api, String stage, Map<String, @Nullable MethodSetting> settings) {
        synchronized (lock) {
            StageState current = stage(api, stage);
            Api model = models.model(api, current.deploymentId());
            Set<String> routes = new HashSet<>();
            model.routes().forEach(r -> routes.add(r.key().toString()));
            Map<String, MethodSetting> merged = new LinkedHashMap<>(current.stage().methodSettings());
            List<Problem> problems = new ArrayList<>();
            settings.forEach((key, setting) -> {
                String normalized = MethodSetting.key(key);
                if (!normalized.equals(MethodSetting.ALL_ROUTES) && !routes.contains(normalized)) {
                    problems.add(new Problem("methodSettings[" + key + "]", "'" + key + "' is neither a route key of"
                            + " deployment '" + current.deploymentId() + "' nor */* (all routes)"));
                } else if (setting == null) {
                    merged.remove(normalized);
                } else {
                    merged.put(normalized, setting);
                }
            });
            if (!problems.isEmpty()) {
                throw new DeploymentException(Reason.INVALID, "the method settings are invalid", problems, null);
            }
            StageState next = with(current, current.stage().withMethodSettings(merged), current.history(),
                    current.canary());
            apply(next, new StageChange(StageChange.Kind.UPDATED, api, stage, current.deploymentId(),
                    current.deploymentId(), canaryId(next), "method settings updated"), false);
            return next;
        }
    }

    /** Gives a stage a canary, or changes its canary (share, deployment, overrides, cache use, stickiness, abort). */
    public StageState canary(String api, String stage, CanarySettings canary) {
        synchronized (lock) {
            StageState current = stage(api, stage);
            List<Problem> problems = new ArrayList<>();
            if (!(canary.percentTraffic() >= 0.0 && canary.percentTraffic() <= 100.0)) {
                problems.add(new Problem("percentTraffic", "must be between 0.0 and 100.0, was "
                        + canary.percentTraffic()));
            }
            checkVariableNames(canary.stageVariableOverrides().keySet(), "stageVariableOverrides", problems);
            if (!problems.isEmpty()) {
                throw new DeploymentException(Reason.INVALID, "the canary settings are invalid", problems, null);
            }
            deployment(api, canary.deploymentId());
            StageState next = with(current, current.stage(), current.history(), canary);
            if (current.canary() == null || !current.canary().deploymentId().equals(canary.deploymentId())) {
                judge.forget(api, stage);
            }
            apply(next, new StageChange(StageChange.Kind.CANARY_SET, api, stage, current.deploymentId(),
                    current.deploymentId(), canary.deploymentId(), canary.percentTraffic() + "% of requests"), false);
            return next;
        }
    }

    /**
     * Promotes a stage's canary: its deployment becomes the stage's, its stage variable overrides are merged into the
     * stage's variables, and the canary is removed.
     */
    public StageState promote(String api, String stage) {
        synchronized (lock) {
            StageState current = stage(api, stage);
            CanarySettings canary = requireCanary(current);
            Map<String, String> variables = new LinkedHashMap<>(current.stage().variables());
            variables.putAll(canary.stageVariableOverrides());
            StageState next = with(current, current.stage().withVariables(variables).withDeployment(canary.deploymentId()),
                    pushed(current), null);
            judge.forget(api, stage);
            apply(next, new StageChange(StageChange.Kind.CANARY_PROMOTED, api, stage, current.deploymentId(),
                    canary.deploymentId(), null, "canary promoted"), false);
            return next;
        }
    }

    /** Removes a stage's canary: all its requests go to the stage's deployment again. */
    public StageState deleteCanary(String api, String stage) {
        synchronized (lock) {
            StageState current = stage(api, stage);
            CanarySettings canary = requireCanary(current);
            StageState next = with(current, current.stage(), current.history(), null);
            judge.forget(api, stage);
            apply(next, new StageChange(StageChange.Kind.CANARY_DELETED, api, stage, current.deploymentId(),
                    current.deploymentId(), null, "canary '" + canary.deploymentId() + "' deleted"), false);
            return next;
        }
    }

    /** Removes a stage: the gateway stops serving it. */
    public void deleteStage(String api, String stage) {
        synchronized (lock) {
            StageState current = stage(api, stage);
            List<StageState> all = new ArrayList<>(stages());
            all.removeIf(s -> s.key().equals(current.key()));
            Gateway compiled = models.compile(all);
            stored(() -> {
                store.removeStage(api, stage);
                return null;
            });
            judge.forget(api, stage);
            live().swap(compiled);
            applied = byKey(all);
            synced();
            listener.changed(new StageChange(StageChange.Kind.DELETED, api, stage, current.deploymentId(), null, null,
                    "deleted"), false);
        }
    }

    /**
     * Where this instance stands with its store: in sync (serving what the store holds, as of {@code since}), or not
     * ({@code problem} says why: the store cannot be reached, or what it holds does not compile here), in which case
     * it keeps serving its last deployments.
     */
    public record Sync(boolean inSync, @Nullable String problem, Instant since, long version) {
    }

    /** Where this instance stands with its store. */
    public Sync sync() {
        return sync;
    }

    /**
     * Serves what the store holds when another instance changed it: the stages are read, and when they differ from
     * those served, compiled and swapped in (each changed stage told as {@link StageChange.Kind#SYNCED}). Called when
     * the store announces a change and periodically (a missed announcement is caught). While the store cannot be
     * reached, or what it holds does not compile here, the last deployments stay served and {@link #sync()} says why.
     * Returns whether the gateway changed.
     */
    public boolean reconcile() {
        synchronized (lock) {
            if (live == null) {
                return false;
            }
            try {
                watch();
                long version = stored(store::version);
                Map<String, StageState> stored = byKey(stored(store::stages));
                if (stored.equals(applied)) {
                    sync = new Sync(true, null, clock.instant(), version);
                    return false;
                }
                Gateway compiled = models.compile(new ArrayList<>(stored.values()));
                List<StageChange> changes = new ArrayList<>();
                Set<String> flushes = new HashSet<>();
                stored.forEach((key, state) -> {
                    StageState before = applied.get(key);
                    if (!state.equals(before)) {
                        judge.forget(state.api(), state.name());
                        changes.add(new StageChange(StageChange.Kind.SYNCED, state.api(), state.name(),
                                before == null ? null : before.deploymentId(), state.deploymentId(), canaryId(state),
                                "changed on another instance"));
                        if (before != null && state.cacheFlushes() > before.cacheFlushes()) {
                            flushes.add(state.key());
                        }
                    }
                });
                applied.forEach((key, state) -> {
                    if (!stored.containsKey(key)) {
                        changes.add(new StageChange(StageChange.Kind.SYNCED, state.api(), state.name(),
                                state.deploymentId(), null, null, "deleted on another instance"));
                    }
                });
                live.swap(compiled);
                applied = stored;
                sync = new Sync(true, null, clock.instant(), version);
                // a flush another instance's change asked for: this instance's cache of the stage too
                changes.forEach(c -> listener.changed(c, flushes.contains(StageState.key(c.api(), c.stage()))));
                return true;
            } catch (DeploymentException e) {
                if (sync.inSync() || !String.valueOf(e.getMessage()).equals(sync.problem())) {
                    log.warn("Deployments are not in sync with their store, the last ones stay served: {}",
                            e.getMessage());
                }
                sync = new Sync(false, e.getMessage(), sync.since(), sync.version());
                return false;
            }
        }
    }

    /** {@link #reconcile()} off the calling thread (a store's announcement). */
    private void reconcileLater() {
        background.execute(this::reconcile);
    }

    /** Subscribes to the store's announcements, unless subscribed (a failure is tried again at the next reconcile). */
    private void watch() {
        if (watching != null) {
            return;
        }
        try {
            watching = store.watch(this::reconcileLater);
        } catch (RuntimeException e) {
            log.debug("Cannot watch the deployment store yet: {}", e.toString());
        }
    }

    /** Stops watching the store. */
    public void close() {
        synchronized (lock) {
            if (watching != null) {
                try {
                    watching.close();
                } catch (Exception e) {
                    log.debug("Closing the deployment store's watch failed: {}", e.toString());
                }
                watching = null;
            }
        }
    }

    private void synced() {
        long version;
        try {
            version = store.version();
        } catch (RuntimeException e) {
            version = sync.version();
        }
        sync = new Sync(true, null, clock.instant(), version);
    }

    private static Map<String, StageState> byKey(List<StageState> states) {
        Map<String, StageState> byKey = new LinkedHashMap<>();
        states.forEach(s -> byKey.put(s.key(), s));
        return byKey;
    }

    /** The abort verdict of the judge, carried out off the thread that recorded the answer. */
    private void abortLater(String api, String stage, String canaryDeployment, String reason) {
        background.execute(() -> abort(api, stage, canaryDeployment, reason));
    }

    /** Removes the canary of a stage if it still serves {@code canaryDeployment}; for the judge's verdicts. */
    void abort(String api, String stage, String canaryDeployment, String reason) {
        synchronized (lock) {
            StageState current = find(api, stage);
            if (current == null || current.canary() == null
                    || !current.canary().deploymentId().equals(canaryDeployment)) {
                return; // changed in the meantime
            }
            StageState next = with(current, current.stage(), current.history(), null);
            judge.forget(api, stage);
            try {
                apply(next, new StageChange(StageChange.Kind.CANARY_ABORTED, api, stage, current.deploymentId(),
                        current.deploymentId(), null, reason), false);
                log.warn("Canary '{}' of api '{}' stage '{}' aborted: {}", canaryDeployment, api, stage, reason);
            } catch (RuntimeException e) {
                log.error("Canary '{}' of api '{}' stage '{}' failed its check ({}) but could not be removed", canaryDeployment,
                        api, stage, reason, e);
            }
        }
    }

    /** Compiles every stage with {@code next} in place of its current state, stores it, swaps and tells. */
    private void apply(StageState next, StageChange change, boolean flushCache) {
        List<StageState> all = new ArrayList<>();
        boolean replaced = false;
        for (StageState state : stages()) {
            if (state.key().equals(next.key())) {
                all.add(next);
                replaced = true;
            } else {
                all.add(state);
            }
        }
        if (!replaced) {
            all.add(next);
        }
        Gateway compiled = models.compile(all);
        stored(() -> {
            store.save(next);
            return null;
        });
        live().swap(compiled);
        applied = byKey(all);
        synced();
        listener.changed(change, flushCache);
    }

    private @Nullable StageState find(String api, String stage) {
        for (StageState state : stages()) {
            if (state.api().equals(api) && state.name().equals(stage)) {
                return state;
            }
        }
        return null;
    }

    /** A stage's history with its current deployment added, the oldest dropped beyond the history's size. */
    private List<String> pushed(StageState current) {
        List<String> earlier = new ArrayList<>(current.history());
        earlier.add(current.deploymentId());
        while (earlier.size() > history) {
            earlier.remove(0);
        }
        return earlier;
    }

    /** Drops the oldest deployments of {@code api} beyond the history's size that no stage or canary serves. */
    private void prune(String api) {
        List<Deployment> all = deployments(api);
        if (all.size() <= history) {
            return;
        }
        Set<String> served = new HashSet<>();
        for (StageState state : stages()) {
            if (state.api().equals(api)) {
                served.add(state.deploymentId());
                if (state.canary() != null) {
                    served.add(state.canary().deploymentId());
                }
            }
        }
        int excess = all.size() - history;
        for (Deployment deployment : all) {
            if (excess == 0) {
                break;
            }
            if (!served.contains(deployment.id())) {
                stored(() -> {
                    store.remove(api, deployment.id());
                    return null;
                });
                models.remove(api, deployment.id());
                excess--;
            }
        }
    }

    private StageState with(StageState state, Stage stage, List<String> history, @Nullable CanarySettings canary) {
        return new StageState(state.api(), stage, history, canary, clock.instant(), state.cacheFlushes());
    }

    private static CanarySettings requireCanary(StageState state) {
        CanarySettings canary = state.canary();
        if (canary == null) {
            throw new DeploymentException(Reason.CONFLICT, "stage '" + state.name() + "' of api '" + state.api()
                    + "' has no canary");
        }
        return canary;
    }

    private static @Nullable String canaryId(StageState state) {
        return state.canary() == null ? null : state.canary().deploymentId();
    }

    private static void checkVariableNames(Set<String> names, String path, List<Problem> problems) {
        for (String name : names) {
            if (!Stage.isVariableName(name)) {
                problems.add(new Problem(path + "[" + name + "]", Stage.VARIABLE_NAME_RULE));
            }
        }
    }

    private static DeploymentException notFound(String message) {
        return new DeploymentException(Reason.NOT_FOUND, message);
    }

    private static String newId() {
        char[] id = new char[10];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_CHARS.charAt(RANDOM.nextInt(ID_CHARS.length()));
        }
        return new String(id);
    }

    /** A store operation; its failure means the store is unreachable ({@link Reason#UNAVAILABLE}). */
    private static <T> T stored(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (DeploymentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DeploymentException(Reason.UNAVAILABLE, "the deployment store failed: " + e.getMessage()
                    + "; nothing changed", List.of(), e);
        }
    }

    /** How deployments are kept, read, timed and told. */
    public static final class Builder {

        private final GatewayBuilder gateway;
        private DeploymentStore store = new InMemoryDeploymentStore();
        private ApiDefinitions definitions = ApiDefinitions.NONE;
        private Clock clock = Clock.systemUTC();
        private Ticker ticker = Ticker.systemTicker();
        private int history = 20;
        private DeploymentListener listener = DeploymentListener.NONE;
        private Executor background = ForkJoinPool.commonPool();
        private UnaryOperator<Problem> problemPaths = UnaryOperator.identity();

        private Builder(GatewayBuilder gateway) {
            this.gateway = Objects.requireNonNull(gateway);
        }

        /** Where deployments and stages are kept (default: this instance's memory). */
        public Builder store(DeploymentStore store) {
            this.store = Objects.requireNonNull(store);
            return this;
        }

        /** How posted definitions are read (default: none is; APIs are defined in code). */
        public Builder definitions(ApiDefinitions definitions) {
            this.definitions = Objects.requireNonNull(definitions);
            return this;
        }

        /** The clock of creation and change times. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** The time source of canary windows; tests pass a fake one. */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker);
            return this;
        }

        /** How many deployments each API keeps (those a stage or canary serves are always kept); default 20. */
        public Builder history(int history) {
            if (history < 1) {
                throw new IllegalArgumentException("history must be at least 1, was " + history);
            }
            this.history = history;
            return this;
        }

        /** Told of each change once it serves. */
        public Builder listener(DeploymentListener listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        /**
         * Where a canary's abort and the changes other instances announce are carried out (they compile a gateway:
         * never the event loop); default: the common fork-join pool. Tests pass {@code Runnable::run}.
         */
        public Builder background(Executor executor) {
            this.background = Objects.requireNonNull(executor);
            return this;
        }

        /** Renames the property paths of compile problems (the starter prefixes {@code tollgate.apis.}). */
        public Builder problemPaths(UnaryOperator<Problem> paths) {
            this.problemPaths = Objects.requireNonNull(paths);
            return this;
        }

        public Deployments build() {
            return new Deployments(this);
        }
    }
}
