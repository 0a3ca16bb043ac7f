package io.tollgate.autoconfigure;

import io.tollgate.autoconfigure.TollgateProperties.ApiProperties;
import io.tollgate.autoconfigure.TollgateProperties.ApiWebSocketProperties;
import io.tollgate.autoconfigure.TollgateProperties.IntegrationProperties;
import io.tollgate.autoconfigure.TollgateProperties.RouteProperties;
import io.tollgate.autoconfigure.TollgateProperties.StepProperties;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.MethodSetting;
import io.tollgate.core.api.Problem;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.WebSocketSettings;
import io.tollgate.core.api.auth.AuthorizerSpec;
import io.tollgate.core.api.cors.CorsConfiguration;
import io.tollgate.core.api.integration.IntegrationResponseSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.api.policy.ResourcePolicy;
import io.tollgate.core.api.usage.Throttle;
import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps {@code tollgate.apis.*} to the core model. Every problem is reported with its full property path, for example
 * {@code tollgate.apis.petstore.routes[2].route-key}.
 */
final class ApiPropertiesMapper {

    private ApiPropertiesMapper() {
    }

    static List<Api> map(TollgateProperties properties, List<TollgateApiCustomizer> customizers) {
        List<Problem> problems = new ArrayList<>();
        List<Api> apis = map(properties, customizers, problems);
        if (!problems.isEmpty()) {
            throw new InvalidDefinitionException("tollgate.apis", problems);
        }
        return apis;
    }

    /** The APIs that are valid; the problems of the others are added to {@code problems}. */
    static List<Api> map(TollgateProperties properties, List<TollgateApiCustomizer> customizers, List<Problem> problems) {
        List<Api> apis = new ArrayList<>();
        for (Map.Entry<String, ApiProperties> entry : properties.apis().entrySet()) {
            String name = entry.getKey();
            String prefix = "tollgate.apis." + name + ".";
            if (entry.getValue().openapi() != null && entry.getValue().routes().isEmpty()) {
                // what an import leaves when it did not run: the document's routes are missing
                problems.add(new Problem(prefix + "openapi", "'" + entry.getValue().openapi() + "' was not imported: "
                        + "OpenAPI imports are off (tollgate.openapi.enabled=false), or the document has no paths"));
                continue;
            }
            try {
                Api.Builder builder = builder(name, entry.getValue(), prefix, problems);
                customizers.forEach(c -> c.customize(name, builder));
                apis.add(builder.build());
            } catch (InvalidDefinitionException e) {
                e.problems().forEach(p -> problems.add(new Problem(p.path().isEmpty() ? prefix.substring(0, prefix.length() - 1)
                        : prefix + p.path(), p.message())));
            }
        }
        return apis;
    }

    /** A size in bytes, as an int (the model checks its range; beyond an int it is out of range anyway). */
    private static int bytes(DataSize size) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(Integer.MIN_VALUE, size.toBytes()));
    }

    private static Api.Builder builder(String name, ApiProperties api, String prefix, List<Problem> problems) {
        Api.Builder builder = Api.builder(name)
                .id(api.id())
                .type(api.type())
                .basePath(api.basePath())
                .integrationTimeout(api.integrationTimeout())
                .maxRequestBodySize(api.maxRequestBodySize() == null ? null : api.maxRequestBodySize().toBytes())
                .binaryMediaTypes(api.binaryMediaTypes())
                .routeSelectionExpression(api.routeSelectionExpression());
        ApiWebSocketProperties websocket = api.websocket();
        if (websocket != null) {
            builder.webSocket(new WebSocketSettings(websocket.idleTimeout(), websocket.maxDuration(),
                    bytes(websocket.maxFrameSize()), bytes(websocket.maxMessageSize()), websocket.binaryMessages(),
                    bytes(websocket.outboundBuffer()), websocket.compression()));
        }
        if (api.resourcePolicy() != null) {
            builder.resourcePolicy(new ResourcePolicy(api.resourcePolicy().allow(),
                    api.resourcePolicy().deny(), api.resourcePolicy().trustedProxies()));
        }
        if (api.cors() != null) {
            builder.cors(new CorsConfiguration(api.cors().allowOrigins(), api.cors().allowMethods(),
                    api.cors().allowHeaders(), api.cors().exposeHeaders(), api.cors().maxAge(), api.cors().allowCredentials()));
        }
        api.authorizers().forEach((authorizerName, a) -> {
            if (a == null) {
                problems.add(new Problem(prefix + "authorizers." + authorizerName, "must not be empty"));
                return;
            }
            builder.authorizer(new AuthorizerSpec(authorizerName, name(a.type())).issuer(a.issuer()).jwkSetUri(a.jwkSetUri())
                    .audiences(a.audiences()).clockSkew(a.clockSkew()).identitySources(a.identitySources())
                    .implementation(a.implementation()).validationExpression(a.validationExpression())
                    .resultTtl(a.resultTtl()).payloadFormatVersion(a.payloadFormatVersion())
                    .simpleResponses(a.simpleResponses()).timeout(a.timeout()));
        });
        api.stages().forEach((stage, props) -> {
            builder.stage(stage, props == null ? Map.of() : props.variables(), props == null ? null : props.pathPrefix());
            CachePropertiesMapper.stage(builder, stage, props == null ? null : props.cache());
            if (props != null && !props.methodSettings().isEmpty()) {
                Map<String, MethodSetting> settings = new LinkedHashMap<>();
                props.methodSettings().forEach((key, setting) -> {
                    if (setting != null) {
                        settings.put(key, new MethodSetting(setting.loggingLevel(), setting.metricsEnabled(),
                                setting.tracingEnabled()));
                    }
                });
                builder.methodSettings(stage, settings);
            }
            if (props != null && (props.throttle() != null || !props.routeThrottles().isEmpty())) {
                String path = prefix + "stages." + stage + ".";
                Map<String, Throttle> perRoute = new LinkedHashMap<>();
                props.routeThrottles().forEach((key, throttle) -> perRoute.put(key,
                        UsagePropertiesMapper.throttle(throttle, path + "route-throttles[" + key + "]", problems)));
                builder.stageThrottle(stage, UsagePropertiesMapper.throttle(props.throttle(), path + "throttle", problems), perRoute);
            }
        });
        builder.apiKeySource(name(api.apiKeySource()));
        ValidationPropertiesMapper.models(builder, api.models(), prefix, problems);
        api.gatewayResponses().forEach((type, response) -> {
            if (response == null) {
                return;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            response.responseParameters().forEach((key, value) -> {
                if (key.startsWith("gatewayresponse.header.") && key.length() > "gatewayresponse.header.".length()) {
                    headers.put(key.substring("gatewayresponse.header.".length()), value);
                } else {
                    problems.add(new Problem(prefix + "gateway-responses[" + type + "].response-parameters[" + key + "]",
                            "'" + key + "' must be gatewayresponse.header.NAME (in YAML, write such a map key in brackets)"));
                }
            });
            builder.gatewayResponse(type, response.statusCode(), headers, response.responseTemplates());
        });
        for (int i = 0; i < api.routes().size(); i++) {
            RouteProperties route = api.routes().get(i);
            if (route == null) {
                problems.add(new Problem(prefix + "routes[" + i + "]", "must not be empty"));
                continue;
            }
            RouteSpec spec = new RouteSpec(route.routeKey(), integration(route.integration()))
                    .maxRequestBodySize(route.maxRequestBodySize() == null ? null : route.maxRequestBodySize().toBytes())
                    .authorizer(route.authorizer())
                    .authorizationType(name(route.authorizationType()))
                    .authorizationScopes(route.authorizationScopes())
                    .apiKeyRequired(route.apiKeyRequired())
                    .cache(CachePropertiesMapper.route(route.cache()))
                    .routeResponseSelectionExpression(route.routeResponseSelectionExpression());
            ValidationPropertiesMapper.route(spec, route);
            for (int j = 0; j < route.steps().size(); j++) {
                StepProperties step = route.steps().get(j);
                if (step == null) {
                    problems.add(new Problem(prefix + "routes[" + i + "].steps[" + j + "]", "must not be empty"));
                } else {
                    spec.step(step.name(), step.args());
                }
            }
            builder.route(spec);
        }
        return builder;
    }

    /**
     * The core model's name of a value the binder already checked: the model takes the closed sets of values by name,
     * as an application's own {@code Api.builder()} code writes them.
     */
    static @Nullable String name(@Nullable Enum<?> value) {
        return value == null ? null : value.name();
    }

    private static @Nullable IntegrationSpec integration(@Nullable IntegrationProperties integration) {
        if (integration == null) {
            return null;
        }
        IntegrationSpec spec = IntegrationSpec.ofType(name(integration.type()))
                .uri(integration.uri())
                .method(integration.method())
                .timeout(integration.timeout())
                .requestParameters(integration.requestParameters())
                .status(integration.status())
                .headers(integration.headers())
                .body(integration.body())
                .requestTemplates(integration.requestTemplates())
                .passthroughBehavior(name(integration.passthroughBehavior()))
                .functionName(integration.function())
                .payloadFormatVersion(integration.payloadFormatVersion())
                .maxConcurrency(integration.maxConcurrency())
                .proxy(integration.proxy())
                .templateSelectionExpression(integration.templateSelectionExpression());
        for (TollgateProperties.IntegrationResponseProperties response : integration.integrationResponses()) {
            spec.integrationResponse(response == null ? null : IntegrationResponseSpec.status(response.statusCode())
                    .selectionPattern(response.selectionPattern())
                    .responseParameters(response.responseParameters())
                    .responseTemplates(response.responseTemplates()));
        }
        return spec;
    }
}
