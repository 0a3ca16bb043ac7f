package io.tollgate.core.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.pipeline.AuthorizerTiming;
import io.tollgate.core.pipeline.CacheStatus;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.RequestFacts;
import io.tollgate.core.pipeline.RequestListener;
import io.tollgate.core.pipeline.RequestListenerFactory;
import io.tollgate.core.pipeline.RequestOutcome;
import io.tollgate.core.pipeline.RouteContext;
import io.tollgate.core.pipeline.WebSocketContext;
import org.jspecify.annotations.Nullable;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Amazon API Gateway's CloudWatch metrics as Micrometer meters, per API, stage, route (route key, or
 * {@value RouteTags#UNMATCHED}) and method. Each route's tags are fixed at startup; per request it only looks up the
 * meter of the status it answered with in a small array. See {@link MeterNames} for the names.
 */
public final class GatewayMetrics implements RequestListenerFactory {

    private final MeterRegistry registry;
    private final MetricsOptions options;

    public GatewayMetrics(MeterRegistry registry, MetricsOptions options) {
        this.registry = registry;
        this.options = options;
    }

    @Override
    public Optional<RequestListener> create(RouteContext route) {
        if (Boolean.FALSE.equals(route.stage().methodSetting(RouteTags.route(route)).metricsEnabled())) {
            return Optional.empty(); // the stage's method settings turn this route's metrics off
        }
        RouteMeters meters = new RouteMeters(route);
        return Optional.of(route.api().type() == ApiType.WEBSOCKET ? new WebSocketRouteMeters(route, meters) : meters);
    }

    private Timer.Builder timer(String name, String description) {
        Timer.Builder builder = Timer.builder(name).description(description);
        if (options.percentileHistogram() != null) {
            builder.publishPercentileHistogram(options.percentileHistogram());
        }
        if (options.percentiles().length > 0) {
            builder.publishPercentiles(options.percentiles());
        }
        return builder;
    }

    /** The meters of one route, for each method it is called with. */
    private final class RouteMeters implements RequestListener, RequestListener.Completion {

        private final Tags routeTags;
        private final Map<String, MethodMeters> byMethod = new ConcurrentHashMap<>();

        RouteMeters(RouteContext context) {
            this.routeTags = Tags.of(MeterNames.API, RouteTags.api(context), MeterNames.STAGE, RouteTags.stage(context),
                    MeterNames.ROUTE, RouteTags.route(context));
        }

        @Override
        public Completion start(GatewayExchange exchange) {
            return this;
        }

        @Override
        public void complete(GatewayExchange exchange, RequestOutcome outcome) {
            String method = RouteTags.method(exchange.request().method());
            MethodMeters meters = byMethod.get(method);
            if (meters == null) {
                meters = byMethod.computeIfAbsent(method, m -> new MethodMeters(routeTags.and(MeterNames.METHOD, m)));
            }
            meters.record(exchange, outcome);
        }
    }

    /**
     * A WebSocket API's route: its events (and its {@code @connections} requests) as any route's requests, and AWS's
     * WebSocket metrics, per API, stage and route: {@code ConnectCount}, {@code MessageCount}, {@code ClientError},
     * {@code IntegrationError}, {@code ExecutionError} ({@code IntegrationLatency} is {@link MeterNames#INTEGRATION_LATENCY}).
     */
    private final class WebSocketRouteMeters implements RequestListener, RequestListener.Completion {

        private final RouteMeters requests;
        private final boolean connectionsPost;
        private final Counter connects;
        private final Counter messages;
        private final Counter clientErrors;
        private final Counter integrationErrors;
        private final Counter executionErrors;

        WebSocketRouteMeters(RouteContext context, RouteMeters requests) {
            this.requests = requests;
            this.connectionsPost = context.route().map(route -> route.key().toString())
                    .filter(key -> key.equals("POST /@connections/{connectionId}")).isPresent();
            Tags tags = requests.routeTags;
            this.connects = counter(MeterNames.WEBSOCKET_CONNECTS, tags,
                    "Connections the $connect route was asked about (AWS's ConnectCount)");
            this.messages = counter(MeterNames.WEBSOCKET_MESSAGES, tags, "Messages from clients, and to them through"
                    + " the route's answers or the @connections API (AWS's MessageCount)");
            this.clientErrors = counter(MeterNames.WEBSOCKET_CLIENT_ERRORS, tags, "Events refused with a 4XX by the"
                    + " gateway before the integration was called (AWS's ClientError)");
            this.integrationErrors = counter(MeterNames.WEBSOCKET_INTEGRATION_ERRORS, tags,
                    "Events whose integration answered a 4XX or 5XX (AWS's IntegrationError)");
            this.executionErrors = counter(MeterNames.WEBSOCKET_EXECUTION_ERRORS, tags, "Events whose integration could"
                    + " not be called or did not answer in time (AWS's ExecutionError)");
        }

        private Counter counter(String name, Tags tags, String description) {
            return Counter.builder(name).description(description).tags(tags).register(registry);
        }

        @Override
        public Completion start(GatewayExchange exchange) {
            return this;
        }

        @Override
        public void complete(GatewayExchange exchange, RequestOutcome outcome) {
            requests.complete(exchange, outcome);
            WebSocketContext event = exchange.webSocket();
            if (event == null) {
                if (connectionsPost && outcome.status() == 200) {
                    messages.increment(); // a message pushed to a client
                }
                return;
            }
            if (event.eventType() == WebSocketContext.EventType.CONNECT) {
                connects.increment();
            } else if (event.eventType() == WebSocketContext.EventType.MESSAGE) {
                messages.increment();
                if (outcome.responseLength() > 0) {
                    messages.increment(); // the answer (or error frame) sent back
                }
            }
            GatewayResponseType error = outcome.error() == null ? null : outcome.error().type();
            int integrationStatus = exchange.facts().integrationStatus();
            if (error == GatewayResponseType.INTEGRATION_FAILURE || error == GatewayResponseType.INTEGRATION_TIMEOUT) {
                executionErrors.increment();
            } else if (integrationStatus >= 400) {
                integrationErrors.increment();
            } else if (error != null && outcome.status() >= 400 && outcome.status() < 500 && integrationStatus < 0) {
                clientErrors.increment();
            }
        }
    }

    /** The meters of one route and method; those of a status, a cache or an authorizer created on first use. */
    private final class MethodMeters {

        private final Tags tags;
        private final AtomicReferenceArray<Timer> requests = new AtomicReferenceArray<>(600);
        private final Map<String, Timer> authorizers = new ConcurrentHashMap<>();
        private volatile @Nullable Timer integration;
        private volatile @Nullable Counter clientErrors;
        private volatile @Nullable Counter serverErrors;
        private volatile @Nullable Counter cacheHits;
        private volatile @Nullable Counter cacheMisses;
        private volatile @Nullable Counter throttled;
        private volatile @Nullable Counter quotaExceeded;

        MethodMeters(Tags tags) {
            this.tags = tags;
        }

        void record(GatewayExchange exchange, RequestOutcome outcome) {
            int status = outcome.status();
            request(status).record(outcome.latencyNanos(), TimeUnit.NANOSECONDS);
            if (status >= 500) {
                serverErrors().increment();
            } else if (status >= 400) {
                clientErrors().increment();
            }
            if (outcome.error() != null) {
                GatewayResponseType type = outcome.error().type();
                if (type == GatewayResponseType.THROTTLED) {
                    throttled().increment();
                } else if (type == GatewayResponseType.QUOTA_EXCEEDED) {
                    quotaExceeded().increment();
                }
            }
            CacheStatus cache = exchange.cacheStatus();
            if (cache == CacheStatus.HIT) {
                cacheHits().increment();
            } else if (cache == CacheStatus.MISS || cache == CacheStatus.REFRESH) {
                cacheMisses().increment();
            }
            RequestFacts facts = exchange.facts();
            if (facts.integrationNanos() >= 0) {
                integration().record(facts.integrationNanos(), TimeUnit.NANOSECONDS);
            }
            AuthorizerTiming authorizer = facts.authorizer();
            if (authorizer != null) {
                authorizer(authorizer).record(authorizer.nanos(), TimeUnit.NANOSECONDS);
            }
        }

        private Timer request(int status) {
            int index = status >= 100 && status < 600 ? status : 0;
            Timer timer = requests.get(index);
            if (timer == null) {
                timer = timer(MeterNames.REQUESTS, "Requests answered, and the time from receiving each to answering it")
                        .tags(tags).tag(MeterNames.STATUS, index == 0 ? "UNKNOWN" : Integer.toString(status))
                        .tag(MeterNames.OUTCOME, RouteTags.outcome(status))
                        .register(registry);
                requests.set(index, timer);
            }
            return timer;
        }

        private Timer integration() {
            Timer timer = integration;
            if (timer == null) {
                timer = timer(MeterNames.INTEGRATION_LATENCY,
                        "The time from calling the integration to receiving its reply's status and headers")
                        .tags(tags).register(registry);
                integration = timer;
            }
            return timer;
        }

        private Timer authorizer(AuthorizerTiming timing) {
            String key = timing.type() + '/' + timing.outcome();
            Timer timer = authorizers.get(key);
            if (timer == null) {
                timer = authorizers.computeIfAbsent(key, k -> timer(MeterNames.AUTHORIZER,
                        "Authorizer decisions, and the time each took")
                        .tags(tags).tag(MeterNames.AUTHORIZER_TYPE, timing.type())
                        .tag(MeterNames.OUTCOME, timing.outcome()).register(registry));
            }
            return timer;
        }

        private Counter clientErrors() {
            Counter c = clientErrors;
            if (c == null) {
                c = counter(MeterNames.ERRORS_4XX, "Requests answered with a 4XX status");
                clientErrors = c;
            }
            return c;
        }

        private Counter serverErrors() {
            Counter c = serverErrors;
            if (c == null) {
                c = counter(MeterNames.ERRORS_5XX, "Requests answered with a 5XX status");
                serverErrors = c;
            }
            return c;
        }

        private Counter cacheHits() {
            Counter c = cacheHits;
            if (c == null) {
                c = counter(MeterNames.CACHE_HITS, "Requests answered from the stage cache");
                cacheHits = c;
            }
            return c;
        }

        private Counter cacheMisses() {
            Counter c = cacheMisses;
            if (c == null) {
                c = counter(MeterNames.CACHE_MISSES, "Cacheable requests the stage cache could not answer (or refreshed)");
                cacheMisses = c;
            }
            return c;
        }

        private Counter throttled() {
            Counter c = throttled;
            if (c == null) {
                c = counter(MeterNames.THROTTLED, "Requests refused with 429 by a throttle (stage, route or usage plan)");
                throttled = c;
            }
            return c;
        }

        private Counter quotaExceeded() {
            Counter c = quotaExceeded;
            if (c == null) {
                c = counter(MeterNames.QUOTA_EXCEEDED, "Requests refused with 429 because a usage plan's quota was used up");
                quotaExceeded = c;
            }
            return c;
        }

        private Counter counter(String name, String description) {
            return Counter.builder(name).description(description).tags(tags).register(registry);
        }
    }
}
