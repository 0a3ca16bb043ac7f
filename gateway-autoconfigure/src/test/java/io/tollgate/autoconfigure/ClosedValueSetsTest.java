package io.tollgate.autoconfigure;

import io.tollgate.autoconfigure.TollgateProperties.ApiProperties;
import io.tollgate.autoconfigure.TollgateProperties.AuthorizerType;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.auth.AuthorizationType;
import io.tollgate.core.api.cache.UnauthorizedCacheControlHeaderStrategy;
import io.tollgate.core.api.integration.IntegrationType;
import io.tollgate.core.api.integration.PassthroughBehavior;
import io.tollgate.core.api.usage.ApiKeySource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The closed sets of values that are enums in the properties records: every spelling the model took when they were
 * strings still binds (AWS's {@code HTTP_PROXY}, lower case, kebab case), and a value outside the set fails naming the
 * property and the values allowed.
 */
class ClosedValueSetsTest {

    private static final String API = "tollgate.apis.shop.";
    private static final String ROUTE = API + "routes[0].";

    /** Each closed set's property (under {@code tollgate.apis.shop.}) and how to read its bound value. */
    private static final Map<String, Function<ApiProperties, Object>> READ = Map.of(
            "type", ApiProperties::type,
            "api-key-source", ApiProperties::apiKeySource,
            "routes[0].authorization-type", api -> api.routes().get(0).authorizationType(),
            "routes[0].integration.type", api -> api.routes().get(0).integration().type(),
            "routes[0].integration.passthrough-behavior", api -> api.routes().get(0).integration().passthroughBehavior(),
            "authorizers.auth.type", api -> api.authorizers().get("auth").type(),
            "stages.prod.cache.unauthorized-cache-control-header-strategy",
            api -> api.stages().get("prod").cache().unauthorizedCacheControlHeaderStrategy());

    private static final Map<String, Enum<?>> EXPECTED = Map.ofEntries(
            Map.entry("HTTP", ApiType.HTTP), Map.entry("REST", ApiType.REST), Map.entry("WEBSOCKET", ApiType.WEBSOCKET),
            Map.entry("HEADER", ApiKeySource.HEADER), Map.entry("AUTHORIZER", ApiKeySource.AUTHORIZER),
            Map.entry("NONE", AuthorizationType.NONE), Map.entry("AWS_IAM", AuthorizationType.AWS_IAM),
            Map.entry("JWT_AUTHORIZATION", AuthorizationType.JWT), Map.entry("CUSTOM", AuthorizationType.CUSTOM),
            Map.entry("HTTP_PROXY", IntegrationType.HTTP_PROXY), Map.entry("HTTP_INTEGRATION", IntegrationType.HTTP),
            Map.entry("MOCK", IntegrationType.MOCK), Map.entry("FUNCTION", IntegrationType.FUNCTION),
            Map.entry("WHEN_NO_MATCH", PassthroughBehavior.WHEN_NO_MATCH),
            Map.entry("WHEN_NO_TEMPLATES", PassthroughBehavior.WHEN_NO_TEMPLATES),
            Map.entry("NEVER", PassthroughBehavior.NEVER),
            Map.entry("JWT_AUTHORIZER", AuthorizerType.JWT), Map.entry("TOKEN", AuthorizerType.TOKEN),
            Map.entry("REQUEST", AuthorizerType.REQUEST),
            Map.entry("FAIL_WITH_403", UnauthorizedCacheControlHeaderStrategy.FAIL_WITH_403),
            Map.entry("SUCCEED_WITH_RESPONSE_HEADER", UnauthorizedCacheControlHeaderStrategy.SUCCEED_WITH_RESPONSE_HEADER),
            Map.entry("SUCCEED_WITHOUT_RESPONSE_HEADER",
                    UnauthorizedCacheControlHeaderStrategy.SUCCEED_WITHOUT_RESPONSE_HEADER));

    private static ApiProperties bind(String property, String value) {
        Map<String, String> properties = Map.of(API + property, value, ROUTE + "route-key", "GET /x");
        return Objects.requireNonNull(new Binder(new MapConfigurationPropertySource(properties))
                .bind("tollgate", Bindable.of(TollgateProperties.class)).get().apis().get("shop"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "type, HTTP, HTTP", "type, REST, REST", "type, rest, REST", "type, Rest, REST", "type, websocket, WEBSOCKET",
            "api-key-source, HEADER, HEADER", "api-key-source, authorizer, AUTHORIZER",
            "routes[0].authorization-type, AWS_IAM, AWS_IAM", "routes[0].authorization-type, aws_iam, AWS_IAM",
            "routes[0].authorization-type, aws-iam, AWS_IAM", "routes[0].authorization-type, none, NONE",
            "routes[0].authorization-type, JWT, JWT_AUTHORIZATION", "routes[0].authorization-type, custom, CUSTOM",
            "routes[0].integration.type, HTTP_PROXY, HTTP_PROXY", "routes[0].integration.type, http_proxy, HTTP_PROXY",
            "routes[0].integration.type, http-proxy, HTTP_PROXY", "routes[0].integration.type, HTTP, HTTP_INTEGRATION",
            "routes[0].integration.type, mock, MOCK", "routes[0].integration.type, Function, FUNCTION",
            "routes[0].integration.passthrough-behavior, WHEN_NO_MATCH, WHEN_NO_MATCH",
            "routes[0].integration.passthrough-behavior, when-no-templates, WHEN_NO_TEMPLATES",
            "routes[0].integration.passthrough-behavior, never, NEVER",
            "authorizers.auth.type, JWT, JWT_AUTHORIZER", "authorizers.auth.type, token, TOKEN",
            "authorizers.auth.type, REQUEST, REQUEST",
            "stages.prod.cache.unauthorized-cache-control-header-strategy, FAIL_WITH_403, FAIL_WITH_403",
            "stages.prod.cache.unauthorized-cache-control-header-strategy, succeed-with-response-header,"
                    + " SUCCEED_WITH_RESPONSE_HEADER",
            "stages.prod.cache.unauthorized-cache-control-header-strategy, succeed_without_response_header,"
                    + " SUCCEED_WITHOUT_RESPONSE_HEADER",
    })
    void theSpellingsUsersWriteBind(String property, String value, String expected) {
        assertThat(READ.get(property).apply(bind(property, value))).isSameAs(EXPECTED.get(expected));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "type, HTTPS, 'HTTP, REST, WEBSOCKET'",
            "api-key-source, QUERY, 'AUTHORIZER, HEADER'",
            "routes[0].authorization-type, AWS_IAMM, 'AWS_IAM, CUSTOM, JWT, NONE'",
            "routes[0].integration.type, SOAP, 'FUNCTION, HTTP, HTTP_PROXY, MOCK'",
            "routes[0].integration.passthrough-behavior, ALWAYS, 'NEVER, WHEN_NO_MATCH, WHEN_NO_TEMPLATES'",
            "authorizers.auth.type, LAMBDA, 'JWT, REQUEST, TOKEN'",
            "stages.prod.cache.unauthorized-cache-control-header-strategy, IGNORE,"
                    + " 'FAIL_WITH_403, SUCCEED_WITHOUT_RESPONSE_HEADER, SUCCEED_WITH_RESPONSE_HEADER'",
    })
    void aValueOutsideTheSetFailsNamingThePropertyAndTheValuesAllowed(String property, String value, String allowed) {
        BindException failure = assertThatExceptionOfType(BindException.class)
                .isThrownBy(() -> bind(property, value)).actual();
        FailureAnalysis analysis = analyze(failure);
        assertThat(analysis.getDescription())
                .contains("Failed to bind properties under '" + API + property + "'")
                .contains("Value: \"" + value + "\"");
        assertThat(analysis.getAction()).isEqualTo("Update your application's configuration. The following values are"
                + " valid:\n\n    " + String.join("\n    ", allowed.split(", ")));
    }

    /** The analysis Spring Boot reports at startup for {@code failure}. */
    private static FailureAnalysis analyze(Throwable failure) {
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
                .load(FailureAnalyzer.class, SpringFactoriesLoader.ArgumentResolver.none(), (type, name, e) -> {
                    // analyzers that need the application's bean factory or environment do not analyze bind failures
                });
        return analyzers.stream().map(a -> a.analyze(failure)).filter(Objects::nonNull).findFirst().orElseThrow();
    }
}
