package io.tollgate.autoconfigure;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Spring Boot configuration metadata the build writes ({@code spring-configuration-metadata.json}, from the
 * properties records by Spring's configuration processor, merged with
 * {@code additional-spring-configuration-metadata.json}), as an IDE reads it: every {@code tollgate.*} property has
 * a description in plain text, and the hints name the values their properties take.
 *
 * <p>The processor copies a record component's {@code @param} text as it is (it only collapses whitespace), and
 * Spring Boot's documentation asks for plain text there. The components it lists (those not under a map or a list)
 * are therefore written without Javadoc markup; the others keep it, and the JSON Schema and the configuration
 * reference turn it into Markdown.
 */
class ConfigurationMetadataTest {

    static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

    /** Javadoc tags ({@code {@code x}}), HTML tags ({@code <p>}) and HTML entities ({@code &lt;}). */
    private static final Pattern MARKUP = Pattern.compile("\\{@|</?[A-Za-z][^>]*>|&#?[A-Za-z0-9]+;");

    private static JsonNode metadata;

    @BeforeAll
    static void read() throws IOException {
        assertThat(METADATA).as("the processor's metadata (written by mvn compile)").exists();
        metadata = JsonMapper.builder().build().readTree(Files.readString(METADATA));
    }

    static boolean hasMarkup(String text) {
        return MARKUP.matcher(text).find();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asString();
    }

    private static Map<String, JsonNode> properties() {
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        metadata.get("properties").forEach(p -> properties.put(p.get("name").asString(), p));
        return properties;
    }

    @Test
    void markupIsRecognised() {
        assertThat(hasMarkup("the {@code x-api-key} header")).isTrue();
        assertThat(hasMarkup("see {@link TollgateProperties}")).isTrue();
        assertThat(hasMarkup("one<p>two")).isTrue();
        assertThat(hasMarkup("a &lt; b")).isTrue();
        assertThat(hasMarkup("requests per second (fractions allowed), 0.5 < x; $context.requestId")).isFalse();
    }

    @Test
    void everyTollgatePropertyHasADescriptionInPlainText() {
        List<String> wrong = new ArrayList<>();
        properties().forEach((name, property) -> {
            if (!name.startsWith("tollgate.")) {
                return;
            }
            String description = text(property, "description");
            if (description.isBlank()) {
                wrong.add(name + ": no description");
            } else if (hasMarkup(description)) {
                wrong.add(name + ": " + description);
            }
        });
        assertThat(properties().keySet()).contains("tollgate.enabled", "tollgate.iam.credentials",
                "tollgate.usage.store", "tollgate.server.edge.max-connections", "tollgate.fail-on-unknown-properties");
        assertThat(wrong).as("Spring's configuration processor copies a record component's @param text into the"
                + " metadata as it is: write these descriptions in plain text, without {@code}, {@link} or HTML")
                .isEmpty();
    }

    @Test
    void everyHintValueIsDescribedInPlainTextAndItsPropertyExists() {
        Map<String, JsonNode> properties = properties();
        assertThat(metadata.get("hints")).isNotEmpty();
        for (JsonNode hint : metadata.get("hints")) {
            String name = hint.get("name").asString();
            assertThat(properties).as("the property of hint %s", name).containsKey(name);
            assertThat(hint.get("values")).as(name).isNotEmpty();
            for (JsonNode value : hint.get("values")) {
                String description = text(value, "description");
                assertThat(description).as("%s = %s", name, value.get("value")).isNotBlank();
                assertThat(hasMarkup(description)).as("%s = %s: %s", name, value.get("value"), description).isFalse();
            }
        }
    }

    /**
     * An enum property's hint lists each constant once, written as the documentation writes it; the binder takes
     * each spelling for its constant. Every enum property has such a hint, so a new constant or property is not left
     * without one.
     */
    @Test
    void everyEnumPropertyHasAHintWithEachOfItsValues() throws ClassNotFoundException {
        Map<String, List<String>> hinted = new LinkedHashMap<>();
        metadata.get("hints").forEach(hint -> {
            List<String> values = new ArrayList<>();
            hint.get("values").forEach(v -> values.add(v.get("value").asString()));
            hinted.put(hint.get("name").asString(), values);
        });
        List<String> enumProperties = new ArrayList<>();
        for (Map.Entry<String, JsonNode> property : properties().entrySet()) {
            String name = property.getKey();
            JsonNode type = property.getValue().get("type");
            if (!name.startsWith("tollgate.") || type == null || type.asString().contains("<")) {
                continue;
            }
            Class<?> resolved = ClassUtils.forName(type.asString(), getClass().getClassLoader());
            if (!resolved.isEnum()) {
                continue;
            }
            enumProperties.add(name);
            assertThat(hinted).as("a hint for %s", name).containsKey(name);
            Set<Object> bound = new HashSet<>();
            for (String value : hinted.get(name)) {
                bound.add(ApplicationConversionService.getSharedInstance().convert(value, resolved));
            }
            assertThat(bound).as(name).hasSameSizeAs(hinted.get(name))
                    .containsExactlyInAnyOrder(resolved.getEnumConstants());
        }
        assertThat(enumProperties).contains("tollgate.forwarded-headers", "tollgate.server.app-security",
                "tollgate.usage.fail-policy");
    }

    @Test
    void theUsageStoresHintListsTheStoresTheGatewayTakes() {
        List<String> values = new ArrayList<>();
        for (JsonNode hint : metadata.get("hints")) {
            if (hint.get("name").asString().equals("tollgate.usage.store")) {
                hint.get("values").forEach(v -> values.add(v.get("value").asString()));
            }
        }
        assertThat(values).isEqualTo(TollgateUsageProperties.UsageProperties.STORES);
    }

    @Test
    void theCacheStoresHintListsTheStoresTheGatewayTakes() {
        List<String> values = new ArrayList<>();
        for (JsonNode hint : metadata.get("hints")) {
            if (hint.get("name").asString().equals("tollgate.cache.store")) {
                hint.get("values").forEach(v -> values.add(v.get("value").asString()));
            }
        }
        assertThat(values).isEqualTo(TollgateCacheProperties.STORES);
    }

    @Test
    void theWebSocketStoresHintListsTheStoresTheGatewayTakes() {
        List<String> values = new ArrayList<>();
        for (JsonNode hint : metadata.get("hints")) {
            if (hint.get("name").asString().equals("tollgate.websocket.store")) {
                hint.get("values").forEach(v -> values.add(v.get("value").asString()));
            }
        }
        assertThat(values).isEqualTo(StoreSetting.VALUES);
    }
}
