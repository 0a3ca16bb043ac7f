package io.tollgate.autoconfigure;

import io.tollgate.autoconfigure.webflux.TollgateSecurityAutoConfiguration;
import io.tollgate.autoconfigure.webflux.TollgateSecurityBypassWebFilter;
import io.tollgate.autoconfigure.webflux.TollgateWebFluxAutoConfiguration;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.auth.AuthorizationType;
import io.tollgate.core.api.auth.CustomAuthorizer;
import io.tollgate.core.api.auth.JwtAuthorizer;
import io.tollgate.core.auth.AuthorizerEvent;
import io.tollgate.core.auth.AuthorizerRegistry;
import io.tollgate.core.auth.AuthorizerResult;
import io.tollgate.core.auth.BlockingGatewayAuthorizer;
import io.tollgate.core.auth.GatewayAuthorizer;
import io.tollgate.core.auth.sigv4.SigV4CredentialsProvider;
import io.tollgate.core.server.Gateway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** Authorizers, IAM credentials and the Spring Security bypass, bound from properties and beans. */
class TollgateAuthorizationAutoConfigurationTest {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TollgateAutoConfiguration.class, TollgateFunctionAutoConfiguration.class,
                    TollgateAuthorizerAutoConfiguration.class, TollgateIamAutoConfiguration.class,
                    TollgateAuthorizationAutoConfiguration.class,
                    TollgateWebFluxAutoConfiguration.class, TollgateSecurityAutoConfiguration.class))
            .withUserConfiguration(Authorizers.class);

    private static final String[] API = {
            "tollgate.apis.shop.authorizers.jwt.type=JWT",
            "tollgate.apis.shop.authorizers.jwt.issuer=https://issuer.example",
            "tollgate.apis.shop.authorizers.jwt.audiences[0]=shop",
            "tollgate.apis.shop.authorizers.tokens.type=TOKEN",
            "tollgate.apis.shop.authorizers.tokens.implementation=reactive",
            "tollgate.apis.shop.authorizers.tokens.result-ttl=0s",
            "tollgate.apis.shop.authorizers.blocking.type=REQUEST",
            "tollgate.apis.shop.authorizers.blocking.identity-sources[0]=$request.header.X-Key",
            "tollgate.apis.shop.authorizers.plain.type=REQUEST",
            "tollgate.apis.shop.authorizers.plain.identity-sources[0]=$request.header.X-Key",
            "tollgate.apis.shop.routes[0].route-key=GET /a",
            "tollgate.apis.shop.routes[0].authorizer=jwt",
            "tollgate.apis.shop.routes[0].authorization-scopes[0]=shop:read",
            "tollgate.apis.shop.routes[0].integration.type=MOCK",
            "tollgate.apis.shop.routes[1].route-key=GET /b",
            "tollgate.apis.shop.routes[1].authorizer=tokens",
            "tollgate.apis.shop.routes[1].integration.type=MOCK",
            "tollgate.apis.shop.routes[2].route-key=GET /c",
            "tollgate.apis.shop.routes[2].authorizer=blocking",
            "tollgate.apis.shop.routes[2].integration.type=MOCK",
            "tollgate.apis.shop.routes[3].route-key=GET /d",
            "tollgate.apis.shop.routes[3].authorizer=plain",
            "tollgate.apis.shop.routes[3].integration.type=MOCK",
    };

    @Configuration(proxyBeanMethods = false)
    static class Authorizers {

        @Bean
        GatewayAuthorizer reactive() {
            return event -> Mono.just(AuthorizerResult.authorized(true));
        }

        @Bean
        BlockingGatewayAuthorizer blocking() {
            return event -> AuthorizerResult.authorized("k".equals(event.header("x-key")));
        }

        @Bean
        Function<Map<String, Object>, Map<String, Object>> plain() {
            return event -> Map.of("isAuthorized", true, "context", Map.of("type", String.valueOf(event.get("type"))));
        }
    }

    @Test
    void authorizersAndRouteAuthorizationBind() {
        runner.withPropertyValues(API).run(context -> {
            assertThat(context).hasNotFailed();
            Api api = context.getBean(Gateway.class).apis().get(0);
            JwtAuthorizer jwt = (JwtAuthorizer) api.authorizers().get("jwt");
            assertThat(jwt.issuer()).hasToString("https://issuer.example");
            assertThat(jwt.audiences()).containsExactly("shop");
            CustomAuthorizer tokens = (CustomAuthorizer) api.authorizers().get("tokens");
            assertThat(tokens.implementation()).isEqualTo("reactive");
            assertThat(tokens.resultTtl()).isEqualTo(Duration.ZERO);
            assertThat(api.routes().get(0).authorization().type()).isEqualTo(AuthorizationType.JWT);
            assertThat(api.routes().get(0).authorization().scopes()).containsExactly("shop:read");
            assertThat(api.routes().get(1).authorization().authorizer()).isEqualTo("tokens");
        });
    }

    @Test
    void everyBeanShapeBecomesAnAuthorizer() {
        runner.withPropertyValues(API).run(context -> {
            AuthorizerRegistry registry = context.getBean(AuthorizerRegistry.class);
            assertThat(registry.find("reactive")).isPresent();
            assertThat(registry.find("nothing")).isEmpty();
            assertThat(registry.find("tollgateGateway")).isEmpty();
            AuthorizerEvent event = AuthorizerEvent.of(Map.of("type", "REQUEST", "headers", Map.of("X-Key", "k")));
            assertThat(registry.find("blocking").orElseThrow().authorize(event).block(Duration.ofSeconds(10)).isAuthorized()).isTrue();
            AuthorizerResult plain = registry.find("plain").orElseThrow().authorize(event).block(Duration.ofSeconds(10));
            assertThat(plain.isAuthorized()).isTrue();
            assertThat(plain.context()).containsEntry("type", "REQUEST");
        });
    }

    @Test
    void anUnknownImplementationFailsStartupNamingTheProperty() {
        runner.withPropertyValues(API).withPropertyValues("tollgate.apis.shop.authorizers.tokens.implementation=missing")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("tollgate.apis.shop.authorizers.tokens.implementation")
                        .hasStackTraceContaining("no authorizer named 'missing'"));
    }

    @Test
    void iamCredentialsBindAndAreChecked() {
        runner.withPropertyValues("tollgate.iam.credentials[0].access-key-id=AKIDEXAMPLE",
                "tollgate.iam.credentials[0].secret-key=wJalrXUtnFEMI-example",
                "tollgate.iam.credentials[0].principal-arn=arn:aws:iam::123456789012:user/alice",
                "tollgate.iam.credentials[0].allowed-resources[0]=arn:aws:execute-api:*:*:shop/*").run(context -> {
            assertThat(context).hasNotFailed();
            SigV4CredentialsProvider provider = context.getBean(SigV4CredentialsProvider.class);
            assertThat(provider.find("AKIDEXAMPLE").block(Duration.ofSeconds(10)).principalArn()).isEqualTo("arn:aws:iam::123456789012:user/alice");
            assertThat(provider.find("AKIDEXAMPLE").block(Duration.ofSeconds(10)).toString()).doesNotContain("wJalrXUtnFEMI");
            assertThat(provider.find("other").blockOptional()).isEmpty();
        });
        runner.withPropertyValues("tollgate.iam.credentials[0].access-key-id=AKIDEXAMPLE",
                "tollgate.iam.credentials[0].principal-arn=alice").run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("tollgate.iam.credentials[0].secret-key: must be set")
                .hasStackTraceContaining("tollgate.iam.credentials[0].principal-arn: must be an ARN"));
    }

    @Test
    void iamRoutesWithoutCredentialsFailStartup() {
        runner.withPropertyValues("tollgate.apis.shop.routes[0].route-key=GET /a",
                        "tollgate.apis.shop.routes[0].authorization-type=AWS_IAM",
                        "tollgate.apis.shop.routes[0].integration.type=MOCK")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("tollgate.apis.shop.routes[0].authorization-type")
                        .hasStackTraceContaining("AWS_IAM needs IAM credentials"));
    }

    @Test
    void withoutSpringSecurityThereIsNoBypassFilter() {
        runner.withPropertyValues(API).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(List.of(context.getBeanNamesForType(TollgateSecurityBypassWebFilter.class))).isEmpty();
        });
    }
}
