package io.tollgate.core.api.auth;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Authorizer definitions and routes' references to them: defaults, and every problem named by its path. */
class AuthorizerValidationTest {

    private static Api.Builder api() {
        return Api.builder("petstore");
    }

    @Test
    void defaultsAreAws() {
        Api api = api()
                .authorizer(new AuthorizerSpec("jwt", "jwt").issuer("https://issuer.example").audiences(List.of("petstore")))
                .authorizer(new AuthorizerSpec("token", "TOKEN"))
                .route(new RouteSpec("GET /a", IntegrationSpec.mock(200)).authorizer("jwt").authorizationScopes(List.of("read")))
                .route(new RouteSpec("GET /b", IntegrationSpec.mock(200)).authorizer("token"))
                .route(new RouteSpec("GET /c", IntegrationSpec.mock(200)).authorizationType("AWS_IAM"))
                .route("GET /d", IntegrationSpec.mock(200))
                .build();
        JwtAuthorizer jwt = (JwtAuthorizer) api.authorizers().get("jwt");
        assertThat(jwt.identityHeader()).isEqualTo("authorization");
        assertThat(jwt.clockSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(jwt.jwkSetUri()).isNull();
        CustomAuthorizer token = (CustomAuthorizer) api.authorizers().get("token");
        assertThat(token.implementation()).isEqualTo("token");
        assertThat(token.identitySources()).extracting(IdentitySource::name).containsExactly("authorization");
        assertThat(token.resultTtl()).isEqualTo(Duration.ofSeconds(300));
        assertThat(token.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(token.payloadFormatVersion()).isEqualTo("2.0");
        assertThat(api.routes()).extracting(r -> r.authorization().type()).containsExactly(AuthorizationType.JWT,
                AuthorizationType.CUSTOM, AuthorizationType.AWS_IAM, AuthorizationType.NONE);
        assertThat(api.routes().get(0).authorization().scopes()).containsExactly("read");
    }

    @Test
    void everyProblemIsNamed() {
        assertThatThrownBy(() -> api()
                .authorizer(new AuthorizerSpec("jwt", "JWT").issuer("ftp://x").audiences(List.of()))
                .authorizer(new AuthorizerSpec("token", "TOKEN").validationExpression("(").resultTtl(Duration.ofHours(2))
                        .identitySources(List.of("$request.querystring.t")))
                .authorizer(new AuthorizerSpec("request", "REQUEST").simpleResponses(true).payloadFormatVersion("1.0")
                        .identitySources(List.of("$request.body.x")).timeout(Duration.ofMinutes(1)))
                .authorizer(new AuthorizerSpec("odd", "LAMBDA"))
                .authorizer(new AuthorizerSpec("good", "TOKEN"))
                .route(new RouteSpec("GET /a", IntegrationSpec.mock(200)).authorizer("nobody"))
                .route(new RouteSpec("GET /b", IntegrationSpec.mock(200)).authorizer("good").authorizationScopes(List.of("x")))
                .route(new RouteSpec("GET /c", IntegrationSpec.mock(200)).authorizationType("COGNITO"))
                .route(new RouteSpec("GET /d", IntegrationSpec.mock(200)).authorizationType("JWT"))
                .build())
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("authorizers.jwt.issuer: 'ftp://x' must be an absolute http(s) URL")
                .hasMessageContaining("authorizers.jwt.audiences: must name at least one audience")
                .hasMessageContaining("authorizers.token.validation-expression: '(' is not a regular expression")
                .hasMessageContaining("authorizers.token.result-ttl: must be between 0 and 3600 seconds")
                .hasMessageContaining("authorizers.token.identity-sources: a TOKEN authorizer reads exactly one header")
                .hasMessageContaining("authorizers.request.identity-sources[0]: '$request.body.x' is not an identity source")
                .hasMessageContaining("authorizers.request.simple-responses: simple responses need payload-format-version 2.0")
                .hasMessageContaining("authorizers.request.timeout: must be between 10 ms and 30 s")
                .hasMessageContaining("authorizers.odd.type: 'LAMBDA' is not an authorizer type")
                .hasMessageContaining("routes[0].authorizer: 'nobody' is not one of the API's authorizers")
                .hasMessageContaining("routes[1].authorization-scopes: apply to routes with a JWT authorizer only")
                .hasMessageContaining("routes[2].authorization-type: 'COGNITO' is not NONE, AWS_IAM, JWT or CUSTOM")
                .hasMessageContaining("routes[3].authorizer: must name one of the API's authorizers for JWT");
    }

    @Test
    void restApisSendPayload1AndCachedRequestAuthorizersNeedIdentitySources() {
        assertThatThrownBy(() -> Api.builder("rest").type(ApiType.REST)
                .authorizer(new AuthorizerSpec("a", "REQUEST").payloadFormatVersion("2.0").identitySources(List.of("context.stage")))
                .authorizer(new AuthorizerSpec("b", "REQUEST"))
                .build())
                .hasMessageContaining("authorizers.a.payload-format-version: REST APIs send authorizers payload 1.0")
                .hasMessageContaining("authorizers.b.identity-sources: a REQUEST authorizer whose results are cached needs identity sources");
        Api uncached = Api.builder("rest").type(ApiType.REST)
                .authorizer(new AuthorizerSpec("b", "REQUEST").resultTtl(Duration.ZERO)).build();
        assertThat(((CustomAuthorizer) uncached.authorizers().get("b")).payloadFormatVersion()).isEqualTo("1.0");
    }
}
