package io.tollgate.core.validation;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.api.validation.RequestModel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Bodies against models, and the validation error strings worded as API Gateway's. */
class BodyValidatorTest {

    private static BodyValidator validator(String schema) {
        RequestModel model = Api.builder("a").model("M", schema).route("GET /", IntegrationSpec.ofType("MOCK"))
                .build().models().get("M");
        return BodyValidator.of(model);
    }

    private static String check(BodyValidator validator, String body) {
        return validator.validate(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aMatchingBodyHasNoErrors() {
        BodyValidator pet = validator(RequestValidationEndToEndTest.PET);
        assertThat(check(pet, "{\"name\":\"Rex\",\"price\":0}")).isNull();
        assertThat(check(pet, "  {\"name\":\"Rex\"}\n")).isNull();
    }

    @Test
    void missingAndForbiddenPropertiesAreReportedTogetherAndSorted() {
        BodyValidator strict = validator("""
                {"type":"object","required":["name","age","id"],"properties":{"name":{},"age":{},"id":{}},
                 "additionalProperties":false}""");
        assertThat(check(strict, "{\"age\":1,\"zz\":1,\"aa\":2}")).isEqualTo("[object has missing required properties "
                + "([\"id\",\"name\"]), object instance has properties which are not allowed by the schema: [\"aa\",\"zz\"]]");
    }

    @Test
    void keywordsAreWordedAsApiGatewaysValidator() {
        BodyValidator v = validator("""
                {"type":"object","properties":{
                  "i":{"type":"integer"}, "n":{"type":["string","null"]},
                  "min":{"minimum":0}, "max":{"maximum":5}, "xmin":{"minimum":0,"exclusiveMinimum":true},
                  "short":{"minLength":2}, "long":{"maxLength":2}, "p":{"pattern":"^a"},
                  "e":{"enum":["x","y"]}, "few":{"minItems":2}, "many":{"maxItems":1}, "u":{"uniqueItems":true},
                  "m":{"multipleOf":2}}}""");
        assertThat(check(v, "{\"i\":1.5}")).isEqualTo(
                "[instance type (number) does not match any allowed primitive type (allowed: [\"integer\"])]");
        assertThat(check(v, "{\"n\":3}")).isEqualTo(
                "[instance type (integer) does not match any allowed primitive type (allowed: [\"string\",\"null\"])]");
        assertThat(check(v, "{\"min\":-1}")).isEqualTo(
                "[numeric instance is lower than the required minimum (minimum: 0, found: -1)]");
        assertThat(check(v, "{\"max\":9}")).isEqualTo(
                "[numeric instance is greater than the required maximum (maximum: 5, found: 9)]");
        assertThat(check(v, "{\"xmin\":0}")).isEqualTo(
                "[numeric instance is not strictly greater than the required minimum 0]");
        assertThat(check(v, "{\"short\":\"é\"}")).isEqualTo(
                "[string \"é\" is too short (length: 1, required minimum: 2)]");
        assertThat(check(v, "{\"long\":\"abc\"}")).isEqualTo(
                "[string \"abc\" is too long (length: 3, maximum allowed: 2)]");
        assertThat(check(v, "{\"p\":\"b\"}")).isEqualTo("[ECMA 262 regex \"^a\" does not match input string \"b\"]");
        assertThat(check(v, "{\"e\":\"z\"}")).isEqualTo(
                "[instance value (\"z\") not found in enum (possible values: [\"x\",\"y\"])]");
        assertThat(check(v, "{\"few\":[1]}")).isEqualTo(
                "[array is too short: must have at least 2 elements but instance has 1 elements]");
        assertThat(check(v, "{\"many\":[1,2]}")).isEqualTo(
                "[array is too long: must have at most 1 elements but instance has 2 elements]");
        assertThat(check(v, "{\"u\":[1,1]}")).isEqualTo("[array must not contain duplicate elements]");
        assertThat(check(v, "{\"m\":7}")).isEqualTo("[remainder of division is not zero (7 / 2)]");
        BodyValidator more = validator("{\"properties\":{\"not\":{\"not\":{\"type\":\"string\"}},"
                + "\"one\":{\"oneOf\":[{\"type\":\"string\"},{\"minLength\":1}]},"
                + "\"mail\":{\"format\":\"email\"},\"ip\":{\"format\":\"ipv4\"}}}");
        assertThat(check(more, "{\"not\":\"x\"}")).isEqualTo("[instance matched a schema which it should not have]");
        assertThat(check(more, "{\"one\":\"xy\"}")).isEqualTo(
                "[instance failed to match exactly one schema (matched 2 out of 2)]");
        assertThat(check(more, "{\"mail\":\"nope\"}")).isEqualTo("[string \"nope\" is not a valid email address]");
        assertThat(check(more, "{\"ip\":\"1.2.3\"}")).isEqualTo("[string \"1.2.3\" is not a valid IPv4 address]");
    }

    @Test
    void anEmptyBodyIsAnEmptyObjectAndMalformedJsonFails() {
        BodyValidator pet = validator(RequestValidationEndToEndTest.PET);
        assertThat(check(pet, "")).isEqualTo("[object has missing required properties ([\"name\"])]");
        assertThat(check(pet, "   ")).isEqualTo("[object has missing required properties ([\"name\"])]");
        assertThat(validator("{\"type\":\"object\"}").validate(new byte[0])).isNull();
        assertThat(check(pet, "{\"name\":")).startsWith("[Invalid JSON: ").endsWith("]");
        assertThat(check(pet, "{\"name\":\"a\"}{}")).startsWith("[Invalid JSON: ");
        assertThat(check(pet, "[]")).isEqualTo(
                "[instance type (array) does not match any allowed primitive type (allowed: [\"object\"])]");
    }

    @Test
    void aReferencedModelIsValidatedToo() {
        RequestModel pets = Api.builder("shop").model("Pet", RequestValidationEndToEndTest.PET)
                .model("Pets", "{\"type\":\"array\",\"items\":{\"$ref\":"
                        + "\"https://apigateway.amazonaws.com/restapis/shop/models/Pet\"}}")
                .build().models().get("Pets");
        BodyValidator validator = BodyValidator.of(pets);
        assertThat(check(validator, "[{\"name\":\"a\"},{\"name\":\"b\",\"price\":1}]")).isNull();
        assertThat(check(validator, "[{\"name\":\"a\"},{\"price\":1}]"))
                .isEqualTo("[object has missing required properties ([\"name\"])]");
    }

    @Test
    void draft4IsTheDefaultAndSchemaSelectsANewerDraft() {
        // draft 4 ignores if/then; draft 7 applies them
        String conditional = "\"if\":{\"properties\":{\"kind\":{\"const\":\"dog\"}}},\"then\":{\"required\":[\"name\"]}";
        assertThat(check(validator("{" + conditional + "}"), "{\"kind\":\"dog\"}")).isNull();
        assertThat(check(validator("{\"$schema\":\"http://json-schema.org/draft-07/schema#\"," + conditional + "}"),
                "{\"kind\":\"dog\"}")).isEqualTo("[object has missing required properties ([\"name\"])]");
        // draft 2020-12's exclusiveMinimum is a number
        assertThat(check(validator("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"exclusiveMinimum\":0}"),
                "0")).isEqualTo("[numeric instance is not strictly greater than the required minimum 0]");
    }
}
