package io.tollgate.autoconfigure;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration reference, {@code docs/configuration.md} at the repository's root: generated from the same tree
 * as the JSON Schema, and kept equal to what the property types and their Javadoc give, so that it cannot drift.
 */
class ConfigurationReferenceTest {

    /** The reference, from this module's directory (where Maven runs its tests). */
    static final Path FILE = Path.of("../docs/configuration.md");

    private static String markdown;

    @BeforeAll
    static void render() {
        markdown = ConfigurationReference.render(ConfigurationSchema.tree(ConfigurationSchemaTest.JAVADOC),
                ConfigurationSchemaTest.JAVADOC);
    }

    @Test
    void theReferenceIsTheOneThePropertyTypesGive() throws IOException {
        if (Boolean.getBoolean("tollgate.docs.write")) {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, markdown, StandardCharsets.UTF_8);
        }
        assertThat(FILE).as("docs/configuration.md (run this test with -Dtollgate.docs.write=true to write it)")
                .exists();
        assertThat(Files.readString(FILE, StandardCharsets.UTF_8))
                .as("docs/configuration.md is stale: run this test with -Dtollgate.docs.write=true to regenerate it")
                .isEqualTo(markdown);
    }

    /** Every property of the JSON Schema has a row, named by its full path. */
    @Test
    void everyPropertyOfTheSchemaHasARow() {
        List<String> paths = new ArrayList<>();
        paths(ConfigurationSchemaTest.generated().get("properties").get("tollgate"), "tollgate", 0, paths);
        assertThat(paths).hasSizeGreaterThan(150).contains("tollgate.apis.<name>.routes[i].integration.type",
                "tollgate.apis.<name>.routes[i].steps[j].name", "tollgate.apis.<name>.stages.<stage>.cache.ttl",
                "tollgate.usage-plans.<plan>.api-stages[i].route-throttles.<route-key>.rate-limit",
                "tollgate.authorizers.enabled", "tollgate.server.edge.max-connections");
        List<String> missing = paths.stream().filter(p -> !markdown.contains("| `" + p + "` |")).toList();
        assertThat(missing).isEmpty();
    }

    /** The schema's paths, with the placeholders the reference writes (its map's and list's names). */
    private static void paths(JsonNode object, String path, int lists, List<String> paths) {
        JsonNode properties = object.get("properties");
        if (properties == null) {
            return;
        }
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
            String at = path + "." + property.getKey();
            JsonNode schema = property.getValue();
            // an object that only groups names (no record, so no title) has no row of its own
            boolean group = schema.has("properties") && !schema.has("title");
            if (!group) {
                paths.add(at);
            }
            paths(schema, at, lists, paths);
            if (schema.has("items")) {
                paths(schema.get("items"), at + "[" + "ijk".charAt(lists) + "]", lists + 1, paths);
            }
            JsonNode values = schema.get("additionalProperties");
            if (values != null && values.isObject() && values.has("properties")) {
                paths(values, at + "." + placeholder(at), lists, paths);
            }
        }
    }

    private static String placeholder(String map) {
        return switch (map.substring(map.lastIndexOf('.') + 1)) {
            case "apis" -> "<name>";
            case "stages" -> "<stage>";
            case "authorizers" -> "<authorizer>";
            case "gateway-responses" -> "<type>";
            case "route-throttles", "method-settings" -> "<route-key>";
            case "usage-plans" -> "<plan>";
            case "api-keys" -> "<key>";
            default -> throw new IllegalArgumentException("no placeholder for the map " + map);
        };
    }

    @Test
    void sectionsAreHeadedInPlainWordsWithTheirPathAndEveryContentsLinkFindsItsHeading() {
        assertThat(markdown).contains("\n## Route\n\nA route.\n\nPath: `tollgate.apis.<name>.routes[i]`\n")
                .contains("\n## Throttle\n").contains("\n### HTTP proxy integration\n\n`type: HTTP_PROXY`: Forwards")
                .contains("\n### TOKEN authorizer\n");
        Matcher links = Pattern.compile("\\]\\(#([a-z0-9_-]+)\\)").matcher(markdown);
        List<String> headings = new ArrayList<>();
        Matcher heading = Pattern.compile("(?m)^#{1,3} (.+)$").matcher(markdown);
        while (heading.find()) {
            headings.add(ConfigurationReference.anchor(heading.group(1)));
        }
        int count = 0;
        while (links.find()) {
            assertThat(headings).as("a heading for #%s", links.group(1)).contains(links.group(1));
            count++;
        }
        assertThat(count).isGreaterThan(40);
    }

    @Test
    void rowsGiveTypeDefaultValuesAndDescription() {
        assertThat(markdown)
                .contains("| `tollgate.apis.<name>.type` | one of `HTTP`, `REST`, `WEBSOCKET` | `HTTP` | `HTTP` (unmatched"
                        + " routes answer 404), `REST` (403 \"Missing Authentication Token\") or `WEBSOCKET` (the stage's"
                        + " URL takes WebSocket connections; each message goes to the route its route selection expression"
                        + " names)<br>`HTTP`: An HTTP API:")
                .contains("| `tollgate.http-client.connect-timeout` | duration | `10s` | the TCP connect timeout |")
                .contains("| `tollgate.apis.<name>.stages.<stage>.throttle` | [Throttle](#throttle) |")
                .contains("| `tollgate.apis.<name>.routes[i].request-parameters` | map of boolean | | `\"[method.request"
                        + ".querystring\\|header\\|path.NAME]\"`: whether it is required");
        String proxy = section("### HTTP proxy integration", "### HTTP integration");
        assertThat(proxy).contains("routes[i].integration.uri`").contains("routes[i].integration.timeout`")
                .doesNotContain("routes[i].integration.body`").doesNotContain("routes[i].integration.type`");
        String function = section("### Function integration", "## Integration response");
        assertThat(function).contains("integration.payload-format-version` | one of `1.0`, `2.0` |")
                .contains("integration.request-templates`").doesNotContain("integration.uri`");
    }

    private static String section(String from, String to) {
        int start = markdown.indexOf(from + "\n");
        int end = markdown.indexOf(to + "\n", start + 1);
        assertThat(start).as(from).isNotNegative();
        assertThat(end).as(to).isGreaterThan(start);
        return markdown.substring(start, end);
    }
}
