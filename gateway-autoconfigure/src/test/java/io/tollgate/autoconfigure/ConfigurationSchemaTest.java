package io.tollgate.autoconfigure;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON Schema of the configuration, for YAML editors: generated from the properties records, shipped as
 * {@code META-INF/tollgate-configuration.schema.json}, and able to tell a valid configuration from a misspelled one.
 */
class ConfigurationSchemaTest {

    static final String RESOURCE = "META-INF/tollgate-configuration.schema.json";
    /** Keys in order, so that the file is the same whichever order the generator's maps iterate in. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    static JsonNode generated() {
        return JSON.valueToTree(ConfigurationSchema.generate());
    }

    @Test
    void theShippedSchemaIsTheOneThePropertyTypesGive() throws IOException {
        String pretty = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(ConfigurationSchema.generate()) + "\n";
        Path source = Path.of("src/main/resources", RESOURCE);
        if (Boolean.getBoolean("tollgate.schema.write")) {
            Files.writeString(source, pretty);
        }
        assertThat(Files.readString(source))
                .as("the shipped schema is stale: run this test with -Dtollgate.schema.write=true to regenerate it")
                .isEqualTo(pretty);
    }

    @Test
    void aConfigurationOfEveryKindValidates() throws IOException {
        assertThat(errors("schema/every-kind.yml")).isEmpty();
    }

    @Test
    void aMisspelledKeyAnywhereIsMarked() throws IOException {
        List<Error> errors = errors("schema/misspelled.yml");
        assertThat(errors).extracting(e -> e.getInstanceLocation() + " " + e.getMessage()).containsExactlyInAnyOrder(
                "/tollgate/apis/shop property 'base-pth' is not defined in the schema and the schema does not allow"
                        + " additional properties",
                "/tollgate/apis/shop/routes/0 property 'api-key-requried' is not defined in the schema and the schema"
                        + " does not allow additional properties",
                "/tollgate/apis/shop/routes/0/integration/type does not have a value in the enumeration [\"HTTP_PROXY\","
                        + " \"http_proxy\", \"http-proxy\", \"HTTP\", \"http\", \"MOCK\", \"mock\", \"FUNCTION\","
                        + " \"function\"]");
    }

    static List<Error> errors(String yamlResource) throws IOException {
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(generated());
        try (InputStream in = ConfigurationSchemaTest.class.getClassLoader().getResourceAsStream(yamlResource)) {
            Object document = new Yaml().load(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return schema.validate(JSON.valueToTree(document));
        }
    }
}
