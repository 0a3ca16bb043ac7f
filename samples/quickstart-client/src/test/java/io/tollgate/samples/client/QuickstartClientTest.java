package io.tollgate.samples.client;

import io.tollgate.samples.client.api.DefaultApi;
import io.tollgate.samples.client.model.Pet;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client openapi-generator made from the running quickstart's export (its petstore API), calling that quickstart
 * ({@code quickstart.url}): plain routes, a body checked against the exported Pet model, an authorizer's refusal.
 */
class QuickstartClientTest {

    private static DefaultApi api() {
        ApiClient client = new ApiClient();
        client.updateBaseUri(System.getProperty("quickstart.url", "http://127.0.0.1:8080"));
        return new DefaultApi(client);
    }

    @Test
    void theGeneratedClientCallsTheGatewaysRoutes() throws ApiException {
        DefaultApi api = api();
        ApiResponse<Void> health = api.healthGetWithHttpInfo();
        assertThat(health.getStatusCode()).isEqualTo(200);
        ApiResponse<Void> pet = api.petsIdGetWithHttpInfo("1");
        assertThat(pet.getStatusCode()).isEqualTo(200);
        assertThat(pet.getHeaders()).containsKey("apigw-requestid");
    }

    @Test
    void theExportedModelTypesTheBodyTheGatewayValidates() throws ApiException {
        DefaultApi api = api();
        assertThat(api.petsPostWithHttpInfo(new Pet().name("Rex").price(new BigDecimal("12.5"))).getStatusCode())
                .isBetween(200, 299);
        assertThatThrownBy(() -> api.petsPost(new Pet().price(BigDecimal.ONE)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(400);
                    assertThat(e.getResponseBody()).contains("Invalid request body");
                });
    }

    @Test
    void aRouteBehindAnAuthorizerRefusesTheClientWithoutAToken() {
        assertThatThrownBy(() -> api().securePetsIdGet("1"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(401));
    }
}
