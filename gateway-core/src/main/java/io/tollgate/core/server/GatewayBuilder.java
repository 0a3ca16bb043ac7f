package io.tollgate.core.server;

import com.github.benmanes.caffeine.cache.Ticker;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.Problem;
import io.tollgate.core.api.Route;
import io.tollgate.core.api.Stage;
import io.tollgate.core.auth.AuthorizerRegistry;
import io.tollgate.core.auth.AuthorizerStageFactory;
import io.tollgate.core.auth.sigv4.SigV4CredentialsProvider;
import io.tollgate.core.auth.sigv4.SigV4Verifier;
import io.tollgate.core.cors.CorsStageFactory;
import io.tollgate.core.policy.ResourcePolicyStageFactory;
import io.tollgate.core.integration.ForwardedHeaders;
import io.tollgate.core.integration.StandardIntegrations;
import io.tollgate.core.pipeline.ExchangeHandler;
import io.tollgate.core.pipeline.IntegrationFactory;
import io.tollgate.core.pipeline.PipelineCompiler;
import io.tollgate.core.pipeline.PipelineCompiler.CompiledPipeline;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.pipeline.RouteContext;
import io.tollgate.core.pipeline.StageFactory;
import io.tollgate.core.response.AwsGatewayResponseRenderer;
import io.tollgate.core.response.GatewayError;
import io.tollgate.core.response.GatewayResponseRenderer;
import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.routing.RouteTable;
import reactor.netty.http.client.HttpClient;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Compiles APIs into a {@link Gateway}: mounts, route tables and one pipeline per route and stage. */
public final class GatewayBuilder {

    private final List<Api> apis = new ArrayList<>();
    private final List<StageFactory> stageFactories = new ArrayList<>();
    private final List<IntegrationFactory> integrationFactories = new ArrayList<>();
    private final List<io.tollgate.core.pipeline.RequestListenerFactory> listenerFactories = new ArrayList<>();
    private HttpClient httpClient;
    private ForwardedHeaders forwardedHeaders = ForwardedHeaders.X_FORWARDED;
    private io.tollgate.core.integration.UploadPolicy uploadPolicy;
    private GatewayResponseRenderer renderer = new AwsGatewayResponseRenderer();
    private Clock clock = Clock.systemUTC();
    private AuthorizerRegistry authorizers = name -> Optional.empty();
    private SigV4CredentialsProvider iamCredentials;
    private Ticker ticker = Ticker.systemTicker();
    private io.tollgate.core.usage.UsageControl usage;
    private boolean requestValidation = true;
    private boolean caching = true;
    private io.tollgate.core.cache.StageCaches caches;
    private io.tollgate.core.cache.CacheInvalidationPolicy cachePolicy = io.tollgate.core.cache.CacheInvalidationPolicy.CONFIGURED;
    private String cacheStatusHeader = io.tollgate.core.cache.CacheStageFactory.DEFAULT_STATUS_HEADER;

    GatewayBuilder() {
    }

    public GatewayBuilder api(Api api) {
        apis.add(Objects.requireNonNull(api));
        return this;
    }

    public GatewayBuilder apis(List<Api> apis) {
        apis.forEach(this::api);
        return this;
    }

    /** Adds a feature's stage factory (authorizers, usage plans, cache...). */
    public GatewayBuilder stageFactory(StageFactory factory) {
        stageFactories.add(Objects.requireNonNull(factory));
        return this;
    }

    /** Adds what watches requests (metrics, access logs, traces): their routes are then timed and completions told. */
    public GatewayBuilder requestListener(io.tollgate.core.pipeline.RequestListenerFactory factory) {
        listenerFactories.add(Objects.requireNonNull(factory));
        return this;
    }

    /** Adds an integration type; consulted before the standard ones. */
    public GatewayBuilder integrationFactory(IntegrationFactory factory) {
        integrationFactories.add(Objects.requireNonNull(factory));
        return this;
    }

    /** Enables {@code FUNCTION} integrations, with the functions {@code registry} knows. */
    public GatewayBuilder functions(io.tollgate.core.function.FunctionRegistry registry) {
        return integrationFactory(new io.tollgate.core.function.FunctionIntegrations(registry));
    }

    /** Enables custom authorizers: the ones {@code registry} knows, referred to by name. */
    public GatewayBuilder authorizers(AuthorizerRegistry registry) {
        this.authorizers = Objects.requireNonNull(registry);
        return this;
    }

    /** Enables {@code AWS_IAM} routes: SigV4 signatures checked against the credentials {@code provider} knows. */
    public GatewayBuilder iamCredentials(SigV4CredentialsProvider provider) {
        this.iamCredentials = Objects.requireNonNull(provider);
        return this;
    }

    /** Meters callers: API keys and usage plans, throttles and quotas. */
    public GatewayBuilder usage(io.tollgate.core.usage.UsageControl usage) {
        this.usage = Objects.requireNonNull(usage);
        return this;
    }

    /** Whether routes' request validators run (default: yes); off, declared validators are ignored. */
    public GatewayBuilder requestValidation(boolean enabled) {
        this.requestValidation = enabled;
        return this;
    }

    /** Whether stages with a cache use it (default true); false serves every request from its integration. */
    public GatewayBuilder caching(boolean enabled) {
        this.caching = enabled;
        return this;
    }

    /** The stage caches' stores (default: one Caffeine store per API stage, on the {@link #ticker}); keep it to flush. */
    public GatewayBuilder stageCaches(io.tollgate.core.cache.StageCaches caches) {
        this.caches = Objects.requireNonNull(caches);
        return this;
    }

    /** Who may invalidate cache entries with {@code Cache-Control: max-age=0} (default: the stages' configured callers). */
    public GatewayBuilder cacheInvalidationPolicy(io.tollgate.core.cache.CacheInvalidationPolicy policy) {
        this.cachePolicy = Objects.requireNonNull(policy);
        return this;
    }

    /** The response header telling a cached route's {@code HIT}, {@code MISS} or {@code REFRESH}; null for none. */
    public GatewayBuilder cacheStatusHeader(String name) {
        this.cacheStatusHeader = name;
        return this;
    }

    /** The time source of caches (authorizer decisions, JWK sets); tests pass a fake one. */
    public GatewayBuilder ticker(Ticker ticker) {
        this.ticker = Objects.requireNonNull(ticker);
        return this;
    }

    /** The client HTTP integrations use (required when an API has one). */
    public GatewayBuilder httpClient(HttpClient client) {
        this.httpClient = client;
        return this;
    }

    /**
     * How request bodies reach HTTP proxy backends: which are received whole first, and how many may stream to one
     * backend at once. Default: {@link io.tollgate.core.integration.UploadPolicy#forPool} for the HTTP client's pool.
     */
    public GatewayBuilder uploadPolicy(io.tollgate.core.integration.UploadPolicy policy) {
        this.uploadPolicy = Objects.requireNonNull(policy);
        return this;
    }

    public GatewayBuilder forwardedHeaders(ForwardedHeaders mode) {
        this.forwardedHeaders = Objects.requireNonNull(mode);
        return this;
    }

    public GatewayBuilder renderer(GatewayResponseRenderer renderer) {
        this.renderer = Objects.requireNonNull(renderer);
        return this;
    }

    /** The clock of {@code $context.requestTime}. */
    public GatewayBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
        return this;
    }

    public Gateway build() {
        checkUniqueNames();
        List<IntegrationFactory> integrations = new ArrayList<>(integrationFactories);
        // built-in stages first: within a phase, stages run in factory order (the resource policy before authorizers)
        HttpClient client = httpClient != null ? httpClient : HttpClient.create();
        AuthorizerStageFactory authorization = new AuthorizerStageFactory(authorizers,
                iamCredentials == null ? null : new SigV4Verifier(iamCredentials, clock), client, clock, ticker);
        boolean observed = !listenerFactories.isEmpty();
        StageFactory authorizers = !observed ? authorization : context -> authorization.create(context).map(stage ->
                io.tollgate.core.pipeline.AuthorizerTiming.measured(stage, context.route().orElseThrow()
                        .authorization().type().name().toLowerCase(java.util.Locale.ROOT)));
        List<StageFactory> stages = new ArrayList<>(List.of(new ResourcePolicyStageFactory(), new CorsStageFactory(),
                authorizers));
        io.tollgate.core.usage.UsageStageFactory metering = usage == null ? null : new io.tollgate.core.usage.UsageStageFactory(usage);
        if (metering != null) {
            stages.add(metering);
        }
        if (requestValidation) {
            // after the authorizer and the API key, as AWS: a request refused earlier is not validated
            stages.add(new io.tollgate.core.validation.RequestValidationStageFactory());
        }
        if (caching) {
            stages.add(new io.tollgate.core.cache.CacheStageFactory(caches != null ? caches
                    : new io.tollgate.core.cache.StageCaches(io.tollgate.core.cache.CaffeineResponseCacheStore.factory(ticker)),
                    cachePolicy, cacheStatusHeader, io.tollgate.core.cache.CacheStageFactory.DEFAULT_COALESCE_WAIT));
        }
        integrations.add(new StandardIntegrations(client, forwardedHeaders,
                uploadPolicy != null ? uploadPolicy : StandardIntegrations.defaultUploads(client)));
        stages.addAll(stageFactories);
        PipelineCompiler compiler = new PipelineCompiler(stages, integrations, observed);
        List<Mount> mounts = new ArrayList<>();
        Map<String, String> owners = new HashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (Api api : apis) {
            problems.addAll(authorization.problems(api));
        }
        if (metering != null) {
            problems.addAll(metering.problems(apis));
        }
        if (!problems.isEmpty()) {
            throw new InvalidDefinitionException("the gateway's apis", problems);
        }
        for (Api api : apis) {
            List<RouteTable.Definition<Integer>> definitions = new ArrayList<>();
            for (int i = 0; i < api.routes().size(); i++) {
                definitions.add(new RouteTable.Definition<>(api.routes().get(i).key(), i));
            }
            RouteTable<Integer> table = RouteTable.compile(definitions);
            for (Stage stage : api.stages()) {
                String prefix = (api.basePath().equals("/") ? "" : api.basePath()) + stage.pathPrefix();
                String owner = api.name() + "' stage '" + stage.name();
                String previous = owners.putIfAbsent(prefix, owner);
                if (previous != null) {
                    problems.add(new Problem(api.name() + ".base-path", "api '" + owner + "' is served at '"
                            + (prefix.isEmpty() ? "/" : prefix) + "', where api '" + previous + "' already is"));
                    continue;
                }
                mounts.add(mount(compiler, api, stage, prefix, table, listenerFactories));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidDefinitionException("the gateway's apis", problems);
        }
        mounts.sort(Comparator.comparingInt((Mount m) -> m.prefixSegments().length).reversed());
        return new Gateway(apis, mounts.toArray(new Mount[0]), renderer, clock);
    }

    private void checkUniqueNames() {
        Map<String, Integer> names = new HashMap<>();
        for (Api api : apis) {
            if (names.merge(api.name(), 1, Integer::sum) > 1) {
                throw new InvalidDefinitionException("the gateway's apis",
                        List.of(new Problem(api.name(), "two apis are named '" + api.name() + "'")));
            }
        }
    }

    private static Mount mount(PipelineCompiler compiler, Api api, Stage stage, String prefix, RouteTable<Integer> table,
                               List<io.tollgate.core.pipeline.RequestListenerFactory> listeners) {
        CompiledPipeline[] pipelines = new CompiledPipeline[api.routes().size()];
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < pipelines.length; i++) {
            Route route = api.routes().get(i);
            try {
                RouteContext context = new RouteContext(api, stage, Optional.of(route));
                pipelines[i] = Listeners.watch(compiler.compile(context), context, listeners);
            } catch (IllegalArgumentException e) {
                // a template that does not compile, a function that does not exist
                problems.add(new Problem(api.name() + ".routes[" + i + "].integration", e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidDefinitionException("the gateway's apis", problems);
        }
        GatewayError notFound = api.type() == ApiType.REST
                ? GatewayError.of(GatewayResponseType.MISSING_AUTHENTICATION_TOKEN)
                : GatewayError.of(GatewayResponseType.RESOURCE_NOT_FOUND);
        ExchangeHandler unmatched = exchange -> Reply.errorMono(notFound);
        RouteContext unmatchedContext = new RouteContext(api, stage, Optional.empty());
        CompiledPipeline unmatchedPipeline = Listeners.watch(compiler.compileUnmatched(unmatchedContext, unmatched),
                unmatchedContext, listeners);
        String[] segments = prefix.isEmpty() ? new String[0] : prefix.substring(1).split("/");
        return new Mount(api, stage, prefix, segments, table, api.routes(), pipelines, unmatchedPipeline);
    }
}
