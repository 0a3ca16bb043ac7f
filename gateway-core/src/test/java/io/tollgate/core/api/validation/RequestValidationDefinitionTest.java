package io.tollgate.core.api.validation;

import com.networknt.schema.SpecificationVersion;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.Route;
import io.tollgate.core.api.RouteKey;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.auth.RouteAuthorization;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.api.integration.MockIntegration;
import io.tollgate.core.api.integration.NonProxyMapping;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Models and routes' request validation in the API definition: compiled once, every mistake named by its path. */
class RequestValidationDefinitionTest {

    private static final String PET = "{\"type\":\"object\",\"required\":[\"name\"]}";

    private static RouteSpec route(String key) {
        return new RouteSpec(key, IntegrationSpec.mock(200));
    }

    @Test
    void aRouteKeepsItsValidatorRequiredParametersInAwsOrderAndModels() {
        Map<String, Boolean> parameters = new LinkedHashMap<>();
        parameters.put("method.request.querystring.b", true);
        parameters.put("method.request.querystring.a", true);
        parameters.put("method.request.path.id", true);
        parameters.put("method.request.header.X-Trace", true);
        parameters.put("method.request.header.optional", false);
        Api api = Api.builder("shop").model("Pet", PET)
                .route(route("POST /pets/{id}").requestValidator("params-only").requestParameters(parameters)
                        .requestModels(Map.of("Application/JSON", "Pet", "$default", "Pet")))
                .route(route("GET /pets"))
                .build();
        RequestValidation validation = api.routes().get(0).validation();
        assertThat(validation.validator()).isEqualTo(RequestValidation.Validator.PARAMS_ONLY);
        assertThat(validation.requiredParameters()).extracting(RequestValidation.RequiredParameter::name)
                .containsExactly("X-Trace", "id", "a", "b");
        assertThat(validation.model("application/json; charset=utf-8").name()).isEqualTo("Pet");
        assertThat(validation.model("text/plain")).isSameAs(api.models().get("Pet"));
        assertThat(validation.isActive()).isTrue();
        assertThat(api.routes().get(1).validation()).isSameAs(RequestValidation.NONE);
        assertThat(api.models().get("Pet").version()).isEqualTo(SpecificationVersion.DRAFT_4);
    }

    @Test
    void validatorsHaveAwsNames() {
        assertThat(RequestValidation.Validator.parse("FULL")).isEqualTo(RequestValidation.Validator.FULL);
        assertThat(RequestValidation.Validator.parse("all")).isEqualTo(RequestValidation.Validator.FULL);
        assertThat(RequestValidation.Validator.parse("body-only")).isEqualTo(RequestValidation.Validator.BODY_ONLY);
        assertThat(RequestValidation.Validator.parse("PARAMS_ONLY")).isEqualTo(RequestValidation.Validator.PARAMS_ONLY);
        assertThat(RequestValidation.Validator.parse("sometimes")).isNull();
    }

    @Test
    void aValidatorWithNothingToCheckIsInactive() {
        Api api = Api.builder("shop").model("Pet", PET)
                .route(route("POST /a").requestValidator("BODY_ONLY")
                        .requestParameters(Map.of("method.request.querystring.q", true)))
                .route(route("POST /b").requestValidator("PARAMS_ONLY").requestModels(Map.of("application/json", "Pet")))
                .build();
        assertThat(api.routes()).allSatisfy(r -> assertThat(r.validation().isActive()).isFalse());
    }

    @Test
    void everyMistakeNamesItsProperty() {
        assertThatThrownBy(() -> Api.builder("shop")
                .model("Pet", PET)
                .model("Broken", "{\"type\":\"strin\"}")
                .model("NotJson", "{\"type\":")
                .model("Bad-Name", PET)
                .model("Future", "{\"$schema\":\"http://example.com/my-draft\"}")
                .route(route("POST /pets/{id}").requestValidator("sometimes")
                        .requestParameters(Map.of("method.request.path.petId", true, "request.querystring.q", true))
                        .requestModels(Map.of("application/json", "Broken", "text/plain", "Missing", "json", "Pet")))
                .build())
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("models[Broken]: is not a valid JSON schema (DRAFT_4)")
                .hasMessageContaining("models[NotJson]: is not JSON")
                .hasMessageContaining("models[Bad-Name]: model names are 1-128 letters or digits")
                .hasMessageContaining("models[Future]: $schema 'http://example.com/my-draft' is not a supported draft")
                .hasMessageContaining("routes[0].request-validator: 'sometimes' must be FULL, BODY_ONLY or PARAMS_ONLY")
                .hasMessageContaining("routes[0].request-parameters[method.request.path.petId]: route 'POST /pets/{id}'"
                        + " has no path variable {petId}")
                .hasMessageContaining("routes[0].request-parameters[request.querystring.q]: 'request.querystring.q' must be")
                .hasMessageContaining("routes[0].request-models[application/json]: model 'Broken' is not a valid JSON schema")
                .hasMessageContaining("routes[0].request-models[text/plain]: no model named 'Missing' (models: [Pet])")
                .hasMessageContaining("routes[0].request-models[json]: 'json' must be a media type");
    }

    @Test
    void modelsReferToEachOtherByTheirAwsUrlAndNothingIsFetched() {
        Api api = Api.builder("shop").id("a1b2c3").model("Pet", PET)
                .model("Pets", "{\"type\":\"array\",\"items\":{\"$ref\":"
                        + "\"https://apigateway.amazonaws.com/restapis/a1b2c3/models/Pet\"}}")
                .build();
        assertThat(api.models()).containsOnlyKeys("Pet", "Pets");
        assertThatThrownBy(() -> Api.builder("shop")
                .model("Remote", "{\"$ref\":\"http://127.0.0.1:9/never.json\"}")
                .model("Other", "{\"$ref\":\"https://apigateway.amazonaws.com/restapis/shop/models/Missing\"}")
                .build())
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("models[Remote]: $ref 'http://127.0.0.1:9/never.json' must point inside the schema")
                .hasMessageContaining("models[Other]: $ref 'https://apigateway.amazonaws.com/restapis/shop/models/Missing'"
                        + " must point inside the schema (#...) or to a model of this API"
                        + " (https://apigateway.amazonaws.com/restapis/shop/models/Name)");
    }

    @Test
    void aSchemaThatDoesNotCompileFailsTheBuild() {
        assertThatThrownBy(() -> Api.builder("shop").model("Pet", "{\"pattern\":\"([a-z\"}").build())
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("models[Pet]");
    }

    @Test
    void routesWithoutValidationStayAsBefore() {
        Route route = new Route(RouteKey.parse("GET /x"), new MockIntegration(200, Map.of(), "", NonProxyMapping.NONE),
                10, RouteAuthorization.NONE, false);
        assertThat(route.validation()).isSameAs(RequestValidation.NONE);
    }
}
