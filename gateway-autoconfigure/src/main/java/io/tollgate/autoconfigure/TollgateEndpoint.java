package io.tollgate.autoconfigure;

import io.tollgate.core.api.ApiType;
import io.tollgate.core.cache.StageCaches;
import io.tollgate.core.pipeline.RateLimitedLog;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.server.LiveGateway;
import io.tollgate.core.server.Mount;
import io.tollgate.core.server.deploy.Deployments;
import io.tollgate.core.usage.UsageControl;
import io.tollgate.core.websocket.WebSocketConnections;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /actuator/tollgate}: the gateway's APIs, stages (with each route's compiled pipeline), routes, integrations
 * and authorizers, always; and the parts features contribute when they are on: usage plans and API keys (with key
 * management), stage caches (with flush). Reads are safe to expose (key values are masked, stage variables and
 * secrets left out); writes ({@code POST /actuator/tollgate/keys}, {@code POST .../keys/{id}},
 * {@code DELETE .../keys/{id}}) change who may call the APIs, and {@code DELETE .../cache/{api}/{stage}} flushes a
 * stage cache (every request then reaches the backend): expose them only on an actuator the application secures, as
 * Spring Boot recommends. With deployments: {@code deployments}, {@code stages}, {@code diff} and {@code canary}
 * (reads always; writes with {@code tollgate.deployments.writes-enabled=true}, see {@link DeploymentsEndpointPart}).
 */
@Endpoint(id = "tollgate")
public class TollgateEndpoint {

    private final Supplier<Gateway> gateway;
    private final @Nullable UsageEndpointPart usage;
    private final @Nullable StageCaches caches;
    private final @Nullable DeploymentsEndpointPart deployments;
    private final @Nullable WebSocketConnections connections;
    private final OpenApiEndpointPart openApi;

    /** The endpoint of a gateway; {@code usage} null when usage plans are off. */
    public TollgateEndpoint(Gateway gateway, @Nullable UsageControl usage) {
        this(gateway, usage, null);
    }

    /** With the stage caches to report and flush ({@code caches} null when stage caches are off). */
    public TollgateEndpoint(Gateway gateway, @Nullable UsageControl usage,
                            @Nullable StageCaches caches) {
        this(new LiveGateway(gateway), usage, caches, null, false);
    }

    /**
     * The endpoint of the gateway served now, with its deployments ({@code deployments} null when they are off) and
     * whether the endpoint may change them.
     */
    public TollgateEndpoint(LiveGateway gateway, @Nullable UsageControl usage, @Nullable StageCaches caches,
                            @Nullable Deployments deployments, boolean deploymentWrites) {
        this(gateway, usage, caches, deployments, deploymentWrites, null);
    }

    /** With the open WebSocket connections to count per stage of each WebSocket API ({@code null}: WebSocket APIs off). */
    public TollgateEndpoint(LiveGateway gateway, @Nullable UsageControl usage, @Nullable StageCaches caches,
                            @Nullable Deployments deployments, boolean deploymentWrites,
                            @Nullable WebSocketConnections connections) {
        this(gateway, usage, caches, deployments, deploymentWrites, connections, null);
    }

    /** With the OpenAPI imports made at startup ({@code null}: imports off). */
    TollgateEndpoint(LiveGateway gateway, @Nullable UsageControl usage, @Nullable StageCaches caches,
                     @Nullable Deployments deployments, boolean deploymentWrites,
                     @Nullable WebSocketConnections connections, @Nullable OpenApiImports imports) {
        this.openApi = new OpenApiEndpointPart(imports);
        this.connections = connections;
        this.gateway = gateway::current;
        this.usage = usage == null ? null : new UsageEndpointPart(usage);
        this.caches = caches;
        this.deployments = deployments == null ? null
                : new DeploymentsEndpointPart(deployments, deploymentWrites, imports);
    }

    @ReadOperation
    public Map<String, Object> overview() {
        Map<String, Object> overview = new LinkedHashMap<>();
        overview.put("apis", GatewayView.apis(gateway.get()));
        WebSocketConnections open = connections;
        if (open != null) {
            List<Map<String, Object>> counts = new ArrayList<>();
            for (Mount mount : gateway.get().mounts()) {
                if (mount.api().type() == ApiType.WEBSOCKET) {
                    Map<String, Object> count = new LinkedHashMap<>();
                    count.put("api", mount.api().name());
                    count.put("stage", mount.stage().name());
                    count.put("connections", open.count(mount.api().name(), mount.stage().name()));
                    counts.add(count);
                }
            }
            if (!counts.isEmpty()) {
                overview.put("websocket", counts);
            }
        }
        if (usage != null) {
            usage.overview(overview);
        }
        return overview;
    }

    /** {@code apis}, or a feature's section: {@code plans}, {@code keys}, {@code cache}, {@code deployments}, {@code stages}. */
    @ReadOperation
    public Mono<WebEndpointResponse<Object>> section(@Selector String section) {
        if (deployments != null && DeploymentsEndpointPart.SECTIONS.contains(section)) {
            return deployments.section(section);
        }
        if (section.equals("apis")) {
            return Mono.just(UsageEndpointPart.ok(GatewayView.apis(gateway.get())));
        }
        if (section.equals("openapi")) {
            return Mono.just(openApi.imports());
        }
        if (section.equals("cache")) {
            return caches == null ? notFound(section) : Mono.just(UsageEndpointPart.ok(caches.stats()));
        }
        return usage != null && UsageEndpointPart.SECTIONS.contains(section) ? usage.section(section) : notFound(section);
    }

    /**
     * {@code keys/{id}}, {@code usage/{keyId}?from=2026-11-01&to=2026-11-22} (default: today), or
     * {@code deployments/{api}} and {@code stages/{api}}.
     */
    @ReadOperation
    public Mono<WebEndpointResponse<Object>> item(@Selector String section, @Selector String id, @Nullable String from,
                                                  @Nullable String to) {
        if (deployments != null && DeploymentsEndpointPart.SECTIONS.contains(section)) {
            return deployments.item(section, id);
        }
        return usage != null ? usage.item(section, id, from, to) : notFound(section);
    }

    /** {@code deployments/{api}/{id}} (with its definition) or {@code stages/{api}/{stage}}. */
    @ReadOperation
    public Mono<WebEndpointResponse<Object>> detail(@Selector String section, @Selector String api,
                                                    @Selector String id) {
        return deployments != null ? deployments.item(section, api, id) : notFound(section);
    }

    /** {@code diff/{api}/{from}/{to}}: what changed from one deployment to the other. */
    @ReadOperation
    public Mono<WebEndpointResponse<Object>> compare(@Selector String section, @Selector String api,
                                                     @Selector String from, @Selector String to) {
        return deployments != null ? deployments.diff(section, api, from, to) : notFound(section);
    }

    /**
     * A stage as an OpenAPI document, as AWS's {@code GetExport}:
     * {@code GET /actuator/tollgate/apis/{api}/stages/{stage}/export?type=oas30|swagger&extensions=none|integrations|
     * authorizers|apigateway&server=https://api.example.com}, JSON or YAML ({@code Accept: application/yaml}).
     */
    @ReadOperation(producesFrom = OpenApiEndpointPart.ExportMediaType.class)
    public Mono<WebEndpointResponse<Object>> export(@Selector String section, @Selector String api,
                                                    @Selector String part, @Selector String stage,
                                                    @Selector String action, @Nullable String type,
                                                    @Nullable String extensions, @Nullable String server,
                                                    OpenApiEndpointPart.ExportMediaType mediaType) {
        if (!section.equals("apis") || !part.equals("stages") || !action.equals("export")) {
            return notFound(section + "/" + api + "/" + part + "/" + stage + "/" + action);
        }
        return Mono.just(openApi.export(gateway.get(), api, stage, type, extensions, server, mediaType));
    }

    /**
     * Creates a key ({@code POST /actuator/tollgate/keys} with {@code {"name", "value"?, "usagePlans": "a,b",
     * "enabled"?}}: the actuator reads request bodies as string values); a value is generated when none is given. The
     * answer is the only place the whole value appears.
     */
    @WriteOperation
    public Mono<WebEndpointResponse<Object>> create(@Selector String section, String name, @Nullable String value,
                                                    @Nullable String usagePlans, @Nullable Boolean enabled) {
        return usage != null ? usage.create(section, name, value, usagePlans, enabled) : notFound(section);
    }

    /**
     * Enables or disables a key, or sets its plans ({@code POST /actuator/tollgate/keys/{id}} with
     * {@code {"enabled"?, "usagePlans"?: "a,b"}}); or creates a deployment of an API
     * ({@code POST /actuator/tollgate/deployments/{api}} with {@code {"definition", "description"?, "stage"?,
     * "flushCache"?}}: the definition a JSON object or YAML text in the shape of {@code tollgate.apis.<api>}, deployed
     * to {@code stage} at once when one is named); or of an OpenAPI document put over the API, as AWS's
     * {@code PutRestApi} ({@code {"openapi", "mode"?: "merge"|"overwrite", "failOnWarnings"?, ...}}).
     */
    @WriteOperation
    public Mono<WebEndpointResponse<Object>> update(@Selector String section, @Selector String id,
                                                    @Nullable Boolean enabled, @Nullable String usagePlans,
                                                    @Nullable Object definition, @Nullable String description,
                                                    @Nullable String stage, @Nullable Boolean flushCache,
                                                    @Nullable Object openapi, @Nullable String mode,
                                                    @Nullable Boolean failOnWarnings) {
        if (deployments != null && section.equals("deployments")) {
            return deployments.create(section, id, definition, description, stage, flushCache, openapi, mode,
                    failOnWarnings);
        }
        return usage != null ? usage.update(section, id, enabled, usagePlans) : notFound(section);
    }

    /**
     * Changes a stage ({@code POST /actuator/tollgate/stages/{api}/{stage}}: {@code deploymentId} deploys,
     * {@code rollback: true} rolls back, {@code variables} sets (a null value removes), {@code rateLimit} and
     * {@code burstLimit} or {@code removeThrottle} its throttle, {@code routeThrottles}, {@code methodSettings},
     * {@code flushCache}), or sets
     * its canary
     * ({@code POST /actuator/tollgate/canary/{api}/{stage}}: {@code percentTraffic}, {@code deploymentId},
     * {@code stageVariableOverrides}, {@code useStageCache}, {@code stickyHeader} or {@code stickyCookie},
     * {@code abort}).
     */
    @WriteOperation
    public Mono<WebEndpointResponse<Object>> change(@Selector String section, @Selector String api,
                                                    @Selector String stage, @Nullable String deploymentId,
                                                    @Nullable Object rollback, @Nullable Object variables,
                                                    @Nullable Object rateLimit, @Nullable Object burstLimit,
                                                    @Nullable Object removeThrottle, @Nullable Object flushCache,
                                                    @Nullable Object percentTraffic,
                                                    @Nullable Object stageVariableOverrides,
                                                    @Nullable Object useStageCache, @Nullable String stickyHeader,
                                                    @Nullable String stickyCookie, @Nullable Object abort,
                                                    @Nullable Object methodSettings, @Nullable Object routeThrottles) {
        if (deployments == null) {
            return notFound(section);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        putIf(body, "deploymentId", deploymentId);
        putIf(body, "rollback", rollback);
        putIf(body, "variables", variables);
        putIf(body, "rateLimit", rateLimit);
        putIf(body, "burstLimit", burstLimit);
        putIf(body, "removeThrottle", removeThrottle);
        putIf(body, "flushCache", flushCache);
        putIf(body, "percentTraffic", percentTraffic);
        putIf(body, "stageVariableOverrides", stageVariableOverrides);
        putIf(body, "useStageCache", useStageCache);
        putIf(body, "stickyHeader", stickyHeader);
        putIf(body, "stickyCookie", stickyCookie);
        putIf(body, "abort", abort);
        putIf(body, "methodSettings", methodSettings);
        putIf(body, "routeThrottles", routeThrottles);
        return deployments.change(section, api, stage, body);
    }

    /** Promotes a stage's canary: {@code POST /actuator/tollgate/canary/{api}/{stage}/promote}. */
    @WriteOperation
    public Mono<WebEndpointResponse<Object>> act(@Selector String section, @Selector String api, @Selector String stage,
                                                 @Selector String action) {
        return deployments != null ? deployments.act(section, api, stage, action) : notFound(section);
    }

    @DeleteOperation
    public Mono<WebEndpointResponse<Object>> delete(@Selector String section, @Selector String id) {
        return usage != null ? usage.delete(section, id) : notFound(section);
    }

    /**
     * Flushes a stage cache: {@code DELETE /actuator/tollgate/cache/{api}/{stage}} (204, or 404 without such a cache,
     * or 503 when a shared store could not be reached);
     * deletes a stage's canary ({@code canary/{api}/{stage}}) or a stage ({@code stages/{api}/{stage}}).
     */
    @DeleteOperation
    public Mono<WebEndpointResponse<Object>> flush(@Selector String section, @Selector String api, @Selector String stage) {
        if (deployments != null && (section.equals("canary") || section.equals("stages"))) {
            return deployments.delete(section, api, stage);
        }
        if (!section.equals("cache") || caches == null) {
            return notFound(section);
        }
        return caches.flush(api, stage).map(flushed -> flushed
                ? new WebEndpointResponse<Object>(WebEndpointResponse.STATUS_NO_CONTENT)
                : UsageEndpointPart.notFound("cache for api '" + api + "' stage '" + stage + "'"))
                // a shared store (Redis) that cannot be reached: the stage was not flushed, and the caller must know
                .onErrorResume(error -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("message", "the cache of api '" + api + "' stage '" + stage + "' could not be flushed: "
                            + RateLimitedLog.oneLine(error));
                    return Mono.just(new WebEndpointResponse<Object>(body, WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE));
                });
    }

    private static void putIf(Map<String, Object> body, String name, @Nullable Object value) {
        if (value != null) {
            body.put(name, value);
        }
    }

    private static Mono<WebEndpointResponse<Object>> notFound(String section) {
        return Mono.just(UsageEndpointPart.notFound(section));
    }
}
