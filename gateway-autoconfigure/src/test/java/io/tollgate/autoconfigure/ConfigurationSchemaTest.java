package io.tollgate.autoconfigure;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.tollgate.core.observability.AccessLogFormat;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The JSON Schema of the configuration, for YAML editors: generated from the properties records, shipped as
 * {@code META-INF/tollgate-configuration.schema.json}, and able to tell a valid configuration from a misspelled one.
 */
class ConfigurationSchemaTest {

    static final String RESOURCE = "META-INF/tollgate-configuration.schema.json";
    /** Keys in order, so that the file is the same whichever order the generator's maps iterate in. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    /** The Javadoc of this module's sources and gateway-core's, read once for the whole class. */
    static final JavadocReader JAVADOC = JavadocReader.ofThisModule();

    static JsonNode generated() {
        return JSON.valueToTree(ConfigurationSchema.generate(JAVADOC));
    }

    @Test
    void theShippedSchemaIsTheOneThePropertyTypesGive() throws IOException {
        String pretty = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(ConfigurationSchema.generate(JAVADOC)) + "\n";
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

    @Test
    void everyPropertyHasTheDescriptionOfItsJavadocInMarkdown() {
        JsonNode tollgate = generated().get("properties").get("tollgate");
        JsonNode api = tollgate.get("properties").get("apis").get("additionalProperties");
        assertThat(api.get("title").asString()).isEqualTo("API");
        assertThat(api.get("properties").get("api-key-source").get("description").asString()).isEqualTo(
                "where routes that require an API key find it: `HEADER` (`x-api-key`, default) or `AUTHORIZER` (a"
                        + " custom authorizer's `usageIdentifierKey`)");
        assertThat(tollgate.get("properties").get("forwarded-headers").get("description").asString())
                .startsWith("how backends learn about the client: x-forwarded");
        assertThat(tollgate.get("properties").get("fail-on-unknown-properties").get("description").asString())
                .startsWith("Whether an unknown tollgate.* property");
        assertThat(tollgate.get("properties").get("enabled").get("default").asString()).isEqualTo("true");
        assertThat(api.get("properties").get("type").get("default").asString()).isEqualTo("HTTP");
        assertThat(api.get("properties").get("routes").get("items").get("properties").get("cache").get("properties")
                .propertyNames()).as("@Name(\"public\")").contains("public").doesNotContain("public-responses");
        List<String> missing = new ArrayList<>();
        collectUndescribed(tollgate, "tollgate", missing);
        assertThat(missing).isEmpty();
    }

    private static void collectUndescribed(JsonNode object, String path, List<String> missing) {
        JsonNode properties = object.get("properties");
        if (properties == null) {
            return;
        }
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
            JsonNode schema = property.getValue();
            String at = path + "." + property.getKey();
            JsonNode description = schema.get("description");
            if (description == null || description.asString().isBlank()
                    || ConfigurationMetadataTest.hasMarkup(description.asString().replaceAll("`[^`]*`", ""))) {
                missing.add(at);
            }
            collectUndescribed(schema, at, missing);
            if (schema.has("items")) {
                collectUndescribed(schema.get("items"), at + "[i]", missing);
            }
            if (schema.has("additionalProperties") && schema.get("additionalProperties").isObject()) {
                collectUndescribed(schema.get("additionalProperties"), at + ".<name>", missing);
            }
        }
    }

    /**
     * A record whose Javadoc uses markup.
     *
     * @param marked   the {@code x-api-key} header, see {@link TollgateProperties#apis} and
     *                 {@linkplain TollgateProperties the properties}; <p>a &lt; b, {@literal <i>} &#47;
     * @param unmarked plain words
     */
    record Marked(String marked, int unmarked) {
    }

    @Test
    void javadocMarkupBecomesMarkdown() {
        ConfigurationSchema.Property marked = ConfigurationSchema.object(Marked.class, JAVADOC).properties().get("marked");
        assertThat(marked.description()).isEqualTo("the `x-api-key` header, see `TollgateProperties.apis` and the"
                + " properties; a < b, <i> /");
    }

    /**
     * A record with a property nobody documented.
     *
     * @param documented what it is
     */
    record Undocumented(String documented, String forgotten) {
    }

    @Test
    void aPropertyWithoutJavadocFailsNamingItsRecordAndComponent() {
        assertThatIllegalStateException()
                .isThrownBy(() -> ConfigurationSchema.object(Undocumented.class, JAVADOC))
                .withMessageContaining("write an @param in the record's Javadoc for each of"
                        + " ConfigurationSchemaTest.Undocumented.forgotten.")
                .withMessageNotContaining("Undocumented.documented");
    }

    /** The {@code $context} variables the schema offers for access logs and mappings are ones the gateway knows. */
    @Test
    void theContextVariablesOfferedAreOnesTheGatewayKnows() {
        List<String> offered = Stream.concat(ConfigurationSchema.ACCESS_LOG_VARIABLES.stream(),
                ConfigurationSchema.CONTEXT_VARIABLES.stream()).toList();
        assertThat(offered).hasSizeGreaterThan(30).contains("$context.requestId", "$context.identity.sourceIp");
        for (String variable : offered) {
            assertThatNoException().as(variable)
                    .isThrownBy(() -> AccessLogFormat.compile(variable));
        }
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AccessLogFormat.compile("$context.requestIdentity"));
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
