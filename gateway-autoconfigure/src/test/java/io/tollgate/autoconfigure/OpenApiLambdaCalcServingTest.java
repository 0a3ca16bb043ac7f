package io.tollgate.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AWS's LambdaCalc example ("OpenAPI definitions of sample API integrated with a Lambda function": non-proxy Lambda
 * integrations with request templates, response templates and response parameters, request validators and models)
 * imported as published and served by a function bean doing what AWS's Calc function does, with AWS's answers.
 */
@SpringBootTest(classes = OpenApiLambdaCalcServingTest.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
                "tollgate.apis.calc.openapi=classpath:openapi/aws/lambda-calc.json",
                "tollgate.apis.calc.openapi-import.functions.Calc=calc",
                "tollgate.apis.calc.stages.test.variables.unused=x",
                // a Lambda ARN naming its function by a stage variable: each stage calls its own
                "tollgate.apis.staged.openapi=classpath:openapi/stage-functions.yaml",
                "tollgate.apis.staged.base-path=/staged",
                "tollgate.apis.staged.stages.a.variables.calculator=calc",
                "tollgate.apis.staged.stages.b.variables.calculator=otherCalc",
                "tollgate.apis.staged.stages.none.variables.unrelated=x",
        })
class OpenApiLambdaCalcServingTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        /** AWS's Calc function: {a, b, op} in, {a, b, op, c} out, or a "400 ..." text for bad input. */
        @Bean
        Function<Map<String, Object>, Object> calc() {
            return event -> {
                if (event.get("a") == null || event.get("b") == null || event.get("op") == null) {
                    return "400 Invalid Input";
                }
                double a;
                double b;
                try {
                    a = Double.parseDouble(String.valueOf(event.get("a")));
                    b = Double.parseDouble(String.valueOf(event.get("b")));
                } catch (NumberFormatException e) {
                    return "400 Invalid Operand";
                }
                String op = String.valueOf(event.get("op"));
                double c;
                switch (op) {
                    case "+", "add" -> c = a + b;
                    case "-", "sub" -> c = a - b;
                    case "*", "mul" -> c = a * b;
                    case "/", "div" -> {
                        if (b == 0) {
                            return "400 Divide by Zero";
                        }
                        c = a / b;
                    }
                    default -> {
                        return "400 Invalid Operator";
                    }
                }
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("a", number(a));
                result.put("b", number(b));
                result.put("op", op);
                result.put("c", number(c));
                return result;
            };
        }

        /** Another calculator, that adds one more. */
        @Bean
        Function<Map<String, Object>, Object> otherCalc() {
            return event -> Map.of("c", Long.parseLong(String.valueOf(event.get("a")))
                    + Long.parseLong(String.valueOf(event.get("b"))) + 1);
        }

        /** A number as JavaScript prints it: 3, not 3.0. */
        private static Object number(double value) {
            return value == Math.rint(value) ? (Object) (long) value : value;
        }
    }

    @LocalServerPort
    int port;

    private WebTestClient client() {
        return ServingClient.at(port);
    }

    @Test
    void theQueryStringFormMapsParametersInAndTheResultOutToHeaders() {
        client().get().uri("/test/calc?operand1=1&operand2=2&operator=add").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("operand_1", "1")
                .expectHeader().valueEquals("operand_2", "2")
                .expectHeader().valueEquals("operator", "add")
                .expectBody().json("{\"result\": \"1, 2, add => 3\", \"a\": \"1\", \"b\": \"2\", \"op\": \"add\", "
                        + "\"c\": \"3\"}", JsonCompareMode.STRICT);
    }

    @Test
    void aMissingRequiredParameterIsRefusedByTheImportedValidator() {
        client().get().uri("/test/calc?operand1=1&operand2=2").exchange().expectStatus().isBadRequest()
                .expectBody().json("{\"message\": \"Missing required request parameters: [operator]\"}", JsonCompareMode.STRICT);
    }

    @Test
    void theBodyFormIsValidatedAgainstTheInputModel() {
        String body = client().post().uri("/test/calc").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"a\": 6, \"b\": 3, \"op\": \"div\"}").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        // AWS's template writes op unquoted: the answer is AWS's, quirk included
        assertThat(body).isEqualTo("{\n  \"a\" : 6,\n  \"b\" : 3,\n  \"op\" : div,\n  \"c\" : 2\n}");
        client().post().uri("/test/calc").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"a\": 6, \"b\": 3}").exchange().expectStatus().isBadRequest()
                .expectBody().json("{\"message\": \"Invalid request body\"}", JsonCompareMode.STRICT);
    }

    @Test
    void thePathFormAnswersInputAndOutput() {
        // sent as written: %2F, the encoded slash the template looks for
        client().get().uri(java.net.URI.create("http://127.0.0.1:" + port + "/test/calc/1/2/%2F")).exchange().expectStatus().isOk()
                .expectBody().json("{\"input\": {\"a\": 1, \"b\": 2, \"op\": \"/\"}, \"output\": {\"c\": 0.5}}", JsonCompareMode.STRICT);
        client().get().uri("/test/calc/4/2/mul").exchange().expectStatus().isOk()
                .expectBody().json("{\"input\": {\"a\": 4, \"b\": 2, \"op\": \"mul\"}, \"output\": {\"c\": 8}}", JsonCompareMode.STRICT);
    }

    @Test
    void aFunctionNamedByAStageVariableIsChosenPerStage() {
        client().get().uri("/staged/a/add?a=2&b=3").exchange().expectStatus().isOk()
                .expectBody(String.class).isEqualTo("5 by calc");
        client().get().uri("/staged/b/add?a=2&b=3").exchange().expectStatus().isOk()
                .expectBody(String.class).isEqualTo("6 by otherCalc");
        // as AWS: a stage that does not set the variable answers 500
        client().get().uri("/staged/none/add?a=2&b=3").exchange().expectStatus().isEqualTo(500)
                .expectHeader().valueEquals("x-amzn-ErrorType", "InternalServerErrorException")
                .expectBody().json("{\"message\": \"Internal server error\"}", JsonCompareMode.STRICT);
    }
}
