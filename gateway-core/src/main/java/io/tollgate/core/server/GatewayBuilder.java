package io.tollgate.core.server;

import com.github.benmanes.caffeine.cache.Ticker;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.Problem;
import io.tollgate.core.api.Route;
import io.tollgate.core.api.RouteKey;
import io.tollgate.core.api.Stage;
import io.tollgate.core.nonproxy.TemplateCheck;
import io.tollgate.core.pipeline.ApiEndpointFactory;
import io.tollgate.core.pipeline.Contribution;
import io.tollgate.core.pipeline.ExchangeHandler;
import io.tollgate.core.pipeline.GatewayFeature;
import io.tollgate.core.pipeline.GatewayResources;
import io.tollgate.core.pipeline.IntegrationFactory;
import io.tollgate.core.pipeline.ModelCheck;
import io.tollgate.core.pipeline.NamedStepFactory;
import io.tollgate.core.pipeline.PipelineCompiler;
import io.tollgate.core.pipeline.PipelineCompiler.CompiledPipeline;
import io.tollgate.core.pipeline.PipelineCompiler.InvalidStepException;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.pipeline.RequestListener;
import io.tollgate.core.pipeline.RequestListenerFactory;
import io.tollgate.core.pipeline.RouteContext;
import io.tollgate.core.pipeline.StepFactory;
import io.tollgate.core.response.AwsGatewayResponseRenderer;
import io.tollgate.core.response.GatewayError;
import io.tollgate.core.response.GatewayResponseRenderer;
import io.tollgate.core.routing.RouteTable;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.HttpClient;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Compiles APIs into a {@link Gateway}: mounts, route tables and one pipeline per route and stage, made of what the
 * {@link GatewayFeature}s it is given contribute. It knows no feature: {@link Gateway#builder()} starts with
 * {@link DefaultFeatures}, {@link #empty()} with none (a Spring application's features are beans).
 */
public final class GatewayBuilder {

    private final List<Api> apis = new ArrayList<>();
    /** One feature of each class: a later one replaces an earlier one of its class, in its place. */
    private final Map<Class<?>, GatewayFeature> features = new LinkedHashMap<>();
    private final List<StepFactory> stepFactories = new ArrayList<>();
    private final List<IntegrationFactory> integrationFactories = new ArrayList<>();
    private final List<RequestListenerFactory> listenerFactories = new ArrayList<>();
    /** Every API's mapping templates compiled and reported before anything is built. */
    private static final ModelCheck TEMPLATES = new TemplateCheck();

    private final List<ModelCheck> checks = new ArrayList<>();
    private final Map<String, NamedStepFactory> namedSteps = new LinkedHashMap<>();
    private @Nullable HttpClient httpClient;
    private GatewayResponseRenderer renderer = new AwsGatewayResponseRenderer();
    private Clock clock = Clock.systemUTC();
    private Ticker ticker = Ticker.systemTicker();
    private CanaryObserver canaryObserver = CanaryObserver.NONE;

    GatewayBuilder() {
    }

    /** A builder with no feature at all: every step and integration type comes from what is added to it. */
    public static GatewayBuilder empty() {
        return new GatewayBuilder();
    }

    /**
     * Adds an API. An API's name may be added more than once when each stage of that name is in one of them (the stages
     * of one API pointing at different deployments of it); a stage's canary side ({@link Stage#canary()}) is added
     * the same way, and served at its stage's prefix.
     */
    public GatewayBuilder api(Api api) {
        apis.add(Objects.requireNonNull(api));
        return this;
    }

    public GatewayBuilder apis(List<Api> apis) {
        apis.forEach(this::api);
        return this;
    }

    /** Replaces the APIs added so far with {@code apis}: the same features and settings, other APIs. */
    public GatewayBuilder replaceApis(List<Api> apis) {
        this.apis.clear();
        return apis(apis);
    }

    /** What watches the stages that have a canary (default: nothing). */
    public GatewayBuilder canaryObserver(CanaryObserver observer) {
        this.canaryObserver = Objects.requireNonNull(observer);
        return this;
    }

    /** Adds a feature; one already added of the same class is replaced by it. */
    public GatewayBuilder feature(GatewayFeature feature) {
        features.put(Objects.requireNonNull(feature).getClass(), feature);
        return this;
    }

    /** Adds features, in order. */
    public GatewayBuilder features(Collection<? extends GatewayFeature> features) {
        features.forEach(this::feature);
        return this;
    }

    /** Removes the feature of class {@code type}, if there is one. */
    public GatewayBuilder without(Class<? extends GatewayFeature> type) {
        features.remove(type);
        return this;
    }

    /** The features, in order. */
    public List<GatewayFeature> features() {
        return List.copyOf(features.values());
    }

    /** Adds a step factory of one's own; its steps are placed by their phase and order. */
    public GatewayBuilder stepFactory(StepFactory factory) {
        stepFactories.add(Objects.requireNonNull(factory));
        return this;
    }

    /** Adds a step routes take by name ({@link Route#steps()}). */
    public GatewayBuilder namedStep(NamedStepFactory factory) {
        Objects.requireNonNull(factory);
        NamedStepFactory previous = namedSteps.putIfAbsent(factory.name(), factory);
        if (previous != null && previous != factory) {
            throw new IllegalArgumentException("two steps are named '" + factory.name() + "'");
        }
        return this;
    }

    /** Adds what watches requests (metrics, access logs, traces): their routes are then timed and completions told. */
    public GatewayBuilder requestListener(RequestListenerFactory factory) {
        listenerFactories.add(Objects.requireNonNull(factory));
        return this;
    }

    /** Adds an integration type; consulted before the features' ones. */
    public GatewayBuilder integrationFactory(IntegrationFactory factory) {
        integrationFactories.add(Objects.requireNonNull(factory));
        return this;
    }

    /** Adds a check of the model, run with the features' before anything is compiled. */
    public GatewayBuilder check(ModelCheck check) {
        checks.add(Objects.requireNonNull(check));
        return this;
    }

    /** The time source of caches (authorizer decisions, JWK sets, stage caches); tests pass a fake one. */
    public GatewayBuilder ticker(Ticker ticker) {
        this.ticker = Objects.requireNonNull(ticker);
        return this;
    }

    /** The client of everything that calls out (integrations, JWK sets); default: a new Reactor Netty client. */
    public GatewayBuilder httpClient(HttpClient client) {
        this.httpClient = client;
        return this;
    }

    public GatewayBuilder renderer(GatewayResponseRenderer renderer) {
        this.renderer = Objects.requireNonNull(renderer);
        return this;
    }

    /** The clock of {@code $context.requestTime} and of token expiry checks. */
    public GatewayBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
        return this;
    }

    public Gateway build() {
        checkUniqueNames();
        GatewayResources resources = new GatewayResources(httpClient != null ? httpClient : HttpClient.create(),
                clock, ticker);
        List<StepFactory> steps = new ArrayList<>(stepFactories);
        List<IntegrationFactory> integrations = new ArrayList<>(integrationFactories);
        List<RequestListenerFactory> listeners = new ArrayList<>(listenerFactories);
        List<ModelCheck> allChecks = new ArrayList<>(checks);
        allChecks.add(TEMPLATES);
        Map<ApiType, ApiEndpointFactory> endpoints = new EnumMap<>(ApiType.class);
        for (GatewayFeature feature : features.values()) {
            Contribution contribution = feature.contribute(resources);
            steps.addAll(contribution.steps());
            integrations.addAll(contribution.integrations());
            listeners.addAll(contribution.listeners());
            allChecks.addAll(contribution.checks());
            contribution.endpoints().forEach(endpoint -> endpoints.put(endpoint.type(), endpoint));
        }
        List<Problem> problems = new ArrayList<>();
        for (ModelCheck check : allChecks) {
            problems.addAll(check.check(List.copyOf(apis)));
        }
        for (Api api : apis) {
            if (!Mount.routedByPath(api.type()) && !endpoints.containsKey(api.type())) {
                problems.add(new Problem(api.name() + ".type", "no feature of this gateway serves " + api.type()
                        + " APIs: is that feature turned off?"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidDefinitionException("the gateway's apis", problems);
        }
        PipelineCompiler compiler = new PipelineCompiler(steps, integrations, namedSteps, !listeners.isEmpty());
        List<Mount> mounts = new ArrayList<>();
        List<Mount> canaries = new ArrayList<>();
        Map<String, String> owners = new HashMap<>();
        for (Api api : apis) {
            ApiEndpointFactory endpoint = endpoints.get(api.type());
            List<RouteTable.Definition<Integer>> definitions = new ArrayList<>();
            for (int i = 0; endpoint == null && i < api.routes().size(); i++) {
                definitions.add(new RouteTable.Definition<>(api.routes().get(i).key(), i));
            }
            RouteTable<Integer> table = RouteTable.compile(definitions);
            for (Stage stage : api.stages()) {
                String prefix = (api.basePath().equals("/") ? "" : api.basePath()) + stage.pathPrefix();
                if (stage.isCanary()) {
                    Mount canary = mount(compiler, api, stage, prefix, table, listeners, endpoint, problems);
                    if (canary != null) {
                        canaries.add(canary);
                    }
                    continue;
                }
                String owner = api.name() + "' stage '" + stage.name();
                String previous = owners.putIfAbsent(prefix, owner);
                if (previous != null) {
                    problems.add(new Problem(api.name() + ".base-path", "api '" + owner + "' is served at '"
                            + (prefix.isEmpty() ? "/" : prefix) + "', where api '" + previous + "' already is"));
                    continue;
                }
                Mount mount = mount(compiler, api, stage, prefix, table, listeners, endpoint, problems);
                if (mount != null) {
                    mounts.add(mount);
                }
            }
        }
        attachCanaries(mounts, canaries, problems);
        if (!problems.isEmpty()) {
            throw new InvalidDefinitionException("the gateway's apis", problems);
        }
        mounts.sort(Comparator.comparingInt((Mount m) -> m.prefixSegments().length).reversed());
        return new Gateway(apis, mounts.toArray(new Mount[0]), renderer, clock);
    }

    /** Each API stage (and each stage's canary side) once: an API's name repeats only for different stages. */
    private void checkUniqueNames() {
        Map<String, Integer> stages = new HashMap<>();
        for (Api api : apis) {
            for (Stage stage : api.stages()) {
                String id = api.name() + "\n" + stage.name() + (stage.isCanary() ? "\ncanary" : "");
                if (stages.merge(id, 1, Integer::sum) > 1) {
                    throw new InvalidDefinitionException("the gateway's apis", List.of(new Problem(api.name(),
                            "two apis are named '" + api.name() + "'" + (api.stages().size() == 1
                                    ? " (both with stage '" + stage.name() + "')" : ""))));
                }
            }
        }
    }

    /** Puts each canary side on its stage's mount, its answers and the base's told to the canary observer. */
    private void attachCanaries(List<Mount> mounts, List<Mount> canaries, List<Problem> problems) {
        for (Mount canary : canaries) {
            int base = -1;
            for (int i = 0; i < mounts.size(); i++) {
                Mount mount = mounts.get(i);
                if (mount.api().name().equals(canary.api().name()) && mount.stage().name().equals(canary.stage().name())) {
                    base = i;
                }
            }
            if (base < 0) {
                problems.add(new Problem(canary.api().name() + ".stages." + canary.stage().name() + ".canary",
                        "a canary of a stage that is not served"));
                continue;
            }
            Mount mount = mounts.get(base);
            CanaryObserver.Recorder recorder = canaryObserver.recorder(canary.api(), mount.stage(), canary.stage());
            mounts.set(base, CanaryRecording.watch(mount, false, recorder)
                    .withCanary(CanaryRecording.watch(canary, true, recorder)));
        }
    }

    /** The stage's mount, or null when a route does not compile: its problems are added to {@code problems}. */
    private static @Nullable Mount mount(PipelineCompiler compiler, Api api, Stage stage, String prefix,
                                         RouteTable<Integer> table, List<RequestListenerFactory> listeners,
                                         @Nullable ApiEndpointFactory endpoint, List<Problem> allProblems) {
        CompiledPipeline[] pipelines = new CompiledPipeline[api.routes().size()];
        // an endpoint's routes run per event (a WebSocket message), each event observed as a request is; the endpoint
        // tells their listeners how each ended (RequestListener.completeNow), as no reply writer does
        Map<RouteKey, ExchangeHandler> endpointRoutes = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < pipelines.length; i++) {
            Route route = api.routes().get(i);
            try {
                // a route is observed only when a listener watches it: the others compile nothing in for it
                List<RequestListener> watching = Listeners.of(new RouteContext(api, stage, Optional.of(route), true),
                        listeners);
                RouteContext context = new RouteContext(api, stage, Optional.of(route), !watching.isEmpty());
                pipelines[i] = Listeners.watch(compiler.compile(context), watching);
                endpointRoutes.put(route.key(), pipelines[i].handler());
            } catch (InvalidStepException e) {
                String path = api.name() + ".routes[" + i + "].steps[" + e.index() + "]";
                problems.add(new Problem(compiler.knowsStep(route.steps().get(e.index()).name()) ? path : path + ".name",
                        e.getMessage()));
            } catch (IllegalArgumentException e) {
                // a template that does not compile, a function that does not exist
                @SuppressWarnings("NullAway") // the integration factories' refusals say what is wrong
                Problem problem = new Problem(api.name() + ".routes[" + i + "].integration", e.getMessage());
                problems.add(problem);
            }
        }
        if (!problems.isEmpty()) {
            // a route's problem is the same on every stage: reported once
            problems.stream().filter(p -> !allProblems.contains(p)).forEach(allProblems::add);
            return null;
        }
        GatewayError notFound = api.type() == ApiType.REST
                ? GatewayError.of(GatewayResponseType.MISSING_AUTHENTICATION_TOKEN)
                : GatewayError.of(GatewayResponseType.RESOURCE_NOT_FOUND);
        // an endpoint's stage is observed by its events (one each), not by the requests that carry them
        List<RequestListener> watching = endpoint != null ? List.of()
                : Listeners.of(new RouteContext(api, stage, Optional.empty(), true), listeners);
        ExchangeHandler unmatched = endpoint != null
                ? endpoint.create(new RouteContext(api, stage, Optional.empty(), false), endpointRoutes,
                        new ApiEndpointFactory.Steps() {
                            @Override
                            public ExchangeHandler around(Route route, ExchangeHandler terminal) {
                                List<RequestListener> routeWatching = Listeners.of(
                                        new RouteContext(api, stage, Optional.of(route), true), listeners);
                                RouteContext context = new RouteContext(api, stage, Optional.of(route),
                                        !routeWatching.isEmpty());
                                return Listeners.watch(new CompiledPipeline(compiler.compileAround(context, terminal),
                                        List.of()), routeWatching).handler();
                            }

                            @Override
                            public ExchangeHandler unmatched(ExchangeHandler terminal) {
                                return Listeners.watch(new CompiledPipeline(terminal, List.of()), Listeners.of(
                                        new RouteContext(api, stage, Optional.empty(), true), listeners)).handler();
                            }
                        })
                : exchange -> Reply.errorMono(notFound);
        RouteContext unmatchedContext = new RouteContext(api, stage, Optional.empty(), !watching.isEmpty());
        CompiledPipeline unmatchedPipeline = Listeners.watch(compiler.compileUnmatched(unmatchedContext, unmatched),
                watching);
        String[] segments = prefix.isEmpty() ? new String[0] : prefix.substring(1).split("/");
        return new Mount(api, stage, prefix, segments, table, api.routes(), pipelines, unmatchedPipeline, null);
    }
}
