package io.tollgate.samples.quickstart;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quickstart's YAML against the configuration's JSON Schema that the starter ships
 * ({@code META-INF/tollgate-configuration.schema.json}, for YAML editors): it validates, and the same file with a key
 * misspelled does not.
 */
class QuickstartConfigurationSchemaTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Schema schema() throws IOException {
        try (InputStream in = QuickstartConfigurationSchemaTest.class.getClassLoader()
                .getResourceAsStream("META-INF/tollgate-configuration.schema.json")) {
            assertThat(in).as("the schema is in the starter's jars").isNotNull();
            JsonNode schema = JSON.readTree(in);
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schema);
        }
    }

    private static List<String> errors(String yaml) throws IOException {
        Schema schema = schema();
        List<String> errors = new ArrayList<>();
        for (Object document : new Yaml().loadAll(yaml)) {
            for (Error error : schema.validate(JSON.valueToTree(document))) {
                errors.add(error.getInstanceLocation() + " " + error.getMessage());
            }
        }
        return errors;
    }

    private static String quickstartYaml() throws IOException {
        return Files.readString(Path.of("src/main/resources/application.yml"), StandardCharsets.UTF_8);
    }

    @Test
    void theQuickstartsConfigurationValidates() throws IOException {
        for (String file : List.of("application.yml", "application-redis.yml", "application-observed.yml")) {
            assertThat(errors(Files.readString(Path.of("src/main/resources", file), StandardCharsets.UTF_8)))
                    .as(file).isEmpty();
        }
    }

    @Test
    void aMisspelledKeyDoesNot() throws IOException {
        String misspelled = quickstartYaml().replaceFirst("api-key-required: true", "api-key-requried: true");
        assertThat(misspelled).isNotEqualTo(quickstartYaml());
        assertThat(errors(misspelled)).singleElement().asString()
                .contains("property 'api-key-requried' is not defined in the schema");
    }
}
