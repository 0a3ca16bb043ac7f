package io.tollgate.autoconfigure;

import io.tollgate.core.api.Route;
import io.tollgate.core.api.validation.RequestValidation;
import io.tollgate.core.server.Gateway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;


import static io.tollgate.autoconfigure.MapProperties.with;
import static org.assertj.core.api.Assertions.assertThat;

/** Request validation bound from properties; every mistake fails startup naming its property. */
class TollgateValidationAutoConfigurationTest {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TollgateAutoConfiguration.class,
                    TollgateValidationAutoConfiguration.class));

    private static final String[] PETSTORE = {
            "tollgate.apis.petstore.type=REST",
            "tollgate.apis.petstore.models.Pet={\"type\":\"object\",\"required\":[\"name\"]}",
            "tollgate.apis.petstore.models.Order=classpath:schemas/order.json",
            "tollgate.apis.petstore.routes[0].route-key=POST /pets/{id}",
            "tollgate.apis.petstore.routes[0].integration.type=MOCK",
            "tollgate.apis.petstore.routes[0].request-validator=FULL",
            "tollgate.apis.petstore.routes[0].request-parameters[method.request.querystring.q]=true",
            "tollgate.apis.petstore.routes[0].request-parameters[method.request.header.x-trace]=false",
            "tollgate.apis.petstore.routes[0].request-parameters[method.request.path.id]=true",
            "tollgate.apis.petstore.routes[0].request-models[application/json]=Pet",
            "tollgate.apis.petstore.routes[0].request-models[$default]=Order",
            "tollgate.apis.petstore.routes[1].route-key=GET /pets",
            "tollgate.apis.petstore.routes[1].integration.type=MOCK",
    };

    @Test
    void bindsModelsAndRouteValidationIntoTheGateway() {
        with(runner, PETSTORE).run(context -> {
            assertThat(context).hasNotFailed();
            Gateway gateway = context.getBean(Gateway.class);
            assertThat(gateway.apis().get(0).models()).containsOnlyKeys("Pet", "Order");
            assertThat(gateway.apis().get(0).models().get("Order").version().name()).isEqualTo("DRAFT_7");
            Route route = gateway.apis().get(0).routes().get(0);
            RequestValidation validation = route.validation();
            assertThat(validation.validator()).isEqualTo(RequestValidation.Validator.FULL);
            assertThat(validation.requiredParameters()).extracting(RequestValidation.RequiredParameter::name)
                    .containsExactly("id", "q");
            assertThat(validation.model("application/json").name()).isEqualTo("Pet");
            assertThat(validation.model("text/csv").name()).isEqualTo("Order");
            assertThat(gateway.mounts().get(0).pipelines()[0].steps()).contains("method_request:request-validator");
            assertThat(gateway.mounts().get(0).pipelines()[1].steps()).containsExactly("integration:mock");
        });
    }

    @Test
    void validationCanBeTurnedOff() {
        String[] off = java.util.Arrays.copyOf(PETSTORE, PETSTORE.length + 1);
        off[PETSTORE.length] = "tollgate.validation.enabled=false";
        with(runner, off).run(context -> {
            assertThat(context).hasNotFailed().hasBean("tollgateRequestValidation");
            assertThat(context.getBean(TollgateValidationProperties.class).enabled()).isFalse();
            Gateway gateway = context.getBean(Gateway.class);
            assertThat(gateway.mounts().get(0).pipelines()[0].steps()).doesNotContain("method_request:request-validator");
        });
    }

    @Test
    void invalidSchemasUnknownModelsAndBadExpressionsFailStartupNamingTheProperty() {
        with(runner,
                "tollgate.apis.petstore.models.Pet={\"type\":\"object\",\"required\":\"name\"}",
                "tollgate.apis.petstore.models.Gone=classpath:schemas/nowhere.json",
                "tollgate.apis.petstore.routes[0].route-key=POST /pets",
                "tollgate.apis.petstore.routes[0].integration.type=MOCK",
                "tollgate.apis.petstore.routes[0].request-validator=EVERYTHING",
                "tollgate.apis.petstore.routes[0].request-parameters[method.request.query.q]=true",
                "tollgate.apis.petstore.routes[0].request-parameters[method.request.path.id]=true",
                "tollgate.apis.petstore.routes[0].request-models[application/json]=Pet",
                "tollgate.apis.petstore.routes[0].request-models[text/plain]=Dog"
        ).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("tollgate.apis.petstore.models[Pet]: is not a valid JSON schema (DRAFT_4): "
                            + "/required: string found, array expected")
                    .hasMessageContaining("tollgate.apis.petstore.models[Gone]: cannot read the schema at "
                            + "'classpath:schemas/nowhere.json'")
                    .hasMessageContaining("tollgate.apis.petstore.routes[0].request-validator: 'EVERYTHING' must be FULL,"
                            + " BODY_ONLY or PARAMS_ONLY")
                    .hasMessageContaining("tollgate.apis.petstore.routes[0].request-parameters[method.request.query.q]: ")
                    .hasMessageContaining("tollgate.apis.petstore.routes[0].request-parameters[method.request.path.id]:"
                            + " route 'POST /pets' has no path variable {id}")
                    .hasMessageContaining("tollgate.apis.petstore.routes[0].request-models[application/json]: model 'Pet'"
                            + " is not a valid JSON schema")
                    .hasMessageContaining("tollgate.apis.petstore.routes[0].request-models[text/plain]: no model named 'Dog'");
        });
    }
}
