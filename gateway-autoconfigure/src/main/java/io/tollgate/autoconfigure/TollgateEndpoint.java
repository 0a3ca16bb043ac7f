package io.tollgate.autoconfigure;

import io.tollgate.core.cache.StageCaches;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.usage.UsageControl;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /actuator/tollgate}: the gateway's APIs, stages (with each route's compiled pipeline), routes, integrations
 * and authorizers, always; and the parts features contribute when they are on: usage plans and API keys (with key
 * management), stage caches (with flush). Reads are safe to expose (key values are masked, stage variables and
 * secrets left out); writes ({@code POST /actuator/tollgate/keys}, {@code POST .../keys/{id}},
 * {@code DELETE .../keys/{id}}) change who may call the APIs, and {@code DELETE .../cache/{api}/{stage}} flushes a
 * stage cache (every request then reaches the backend): expose them only on an actuator the application secures, as
 * Spring Boot recommends.
 */
@Endpoint(id = "tollgate")
public class TollgateEndpoint {

    private final Gateway gateway;
    private final @Nullable UsageEndpointPart usage;
    private final @Nullable StageCaches caches;

    /** The endpoint of a gateway; {@code usage} null when usage plans are off. */
    public TollgateEndpoint(Gateway gateway, @Nullable UsageControl usage) {
        this(gateway, usage, null);
    }

    /** With the stage caches to report and flush ({@code caches} null when stage caches are off). */
    public TollgateEndpoint(Gateway gateway, @Nullable UsageControl usage,
                            @Nullable StageCaches caches) {
        this.gateway = gateway;
        this.usage = usage == null ? null : new UsageEndpointPart(usage);
        this.caches = caches;
    }

    @ReadOperation
    public Map<String, Object> overview() {
        Map<String, Object> overview = new LinkedHashMap<>();
        overview.put("apis", GatewayView.apis(gateway));
        if (usage != null) {
            usage.overview(overview);
        }
        return overview;
    }

    /** {@code apis}, or a feature's section: {@code plans}, {@code keys}, {@code cache}. */
    @ReadOperation
    public Mono<WebEndpointResponse<Object>> section(@Selector String section) {
        if (section.equals("apis")) {
            return Mono.just(UsageEndpointPart.ok(GatewayView.apis(gateway)));
        }
        if (section.equals("cache")) {
            return caches == null ? notFound(section) : Mono.just(UsageEndpointPart.ok(caches.stats()));
        }
        return usage != null && UsageEndpointPart.SECTIONS.contains(section) ? usage.section(section) : notFound(section);
    }

    /** {@code keys/{id}}, or {@code usage/{keyId}?from=2026-11-01&to=2026-11-22} (default: today). */
    @ReadOperation
    public Mono<WebEndpointResponse<Object>> item(@Selector String section, @Selector String id, @Nullable String from,
                                                  @Nullable String to) {
        return usage != null ? usage.item(section, id, from, to) : notFound(section);
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
     * {@code {"enabled"?, "usagePlans"?: "a,b"}}).
     */
    @WriteOperation
    public Mono<WebEndpointResponse<Object>> update(@Selector String section, @Selector String id,
                                                    @Nullable Boolean enabled, @Nullable String usagePlans) {
        return usage != null ? usage.update(section, id, enabled, usagePlans) : notFound(section);
    }

    @DeleteOperation
    public Mono<WebEndpointResponse<Object>> delete(@Selector String section, @Selector String id) {
        return usage != null ? usage.delete(section, id) : notFound(section);
    }

    /** Flushes a stage cache: {@code DELETE /actuator/tollgate/cache/{api}/{stage}} (204, or 404 without such a cache). */
    @DeleteOperation
    public Mono<WebEndpointResponse<Object>> flush(@Selector String section, @Selector String api, @Selector String stage) {
        if (!section.equals("cache") || caches == null) {
            return notFound(section);
        }
        return caches.flush(api, stage).map(flushed -> flushed
                ? new WebEndpointResponse<Object>(WebEndpointResponse.STATUS_NO_CONTENT)
                : UsageEndpointPart.notFound("cache for api '" + api + "' stage '" + stage + "'"));
    }

    private static Mono<WebEndpointResponse<Object>> notFound(String section) {
        return Mono.just(UsageEndpointPart.notFound(section));
    }
}
