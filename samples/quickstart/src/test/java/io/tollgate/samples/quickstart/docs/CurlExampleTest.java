package io.tollgate.samples.quickstart.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How the docs test reads a curl block, and how it compares what a command printed with what the docs show. */
class CurlExampleTest {

    @TempDir
    Path root;

    private List<CurlExample> examples(String markdown) throws IOException {
        Path page = root.resolve("page.md");
        Files.writeString(page, markdown);
        return CurlExample.of(MarkdownFile.read(root, page));
    }

    @Test
    void aCommandShowsItsResultAtItsEndOrOnTheNextLineWithProseBeforeTheArrow() throws IOException {
        List<CurlExample> examples = examples("""
                Some text.

                ```sh
                curl -i http://localhost:8080/pets/1   # the pet → 200 {"id":1}
                curl -X POST 'http://localhost:8080/x?a=b#c' \\
                  -d '# not a comment'
                # prose, then → 201 created
                TOKEN=$(curl -s http://localhost:8080/t | sed 's/x/y/')   # → 200
                echo "$TOKEN"
                ```
                """);
        assertThat(examples).singleElement().satisfies(example -> {
            assertThat(example.problems()).isEmpty();
            assertThat(example.where()).isEqualTo("page.md:3");
            assertThat(example.commands()).extracting(CurlExample.Command::line).containsExactly(4, 5, 8, 9);
            assertThat(example.commands()).extracting(c -> c.expectation().status()).containsExactly(200, 201, 200, null);
            assertThat(example.commands()).extracting(c -> c.expectation().output())
                    .containsExactly("{\"id\":1}", "created", null, null);
            assertThat(example.commands().get(1).text()).endsWith("-d '# not a comment'");
            assertThat(example.commands()).extracting(CurlExample.Command::runsCurl).containsExactly(true, true, true, false);
        });
    }

    @Test
    void theLastCommandMayShowItsWholeOutputInATextBlockRightAfter() throws IOException {
        List<CurlExample> examples = examples("""
                ```sh
                curl -i http://localhost:8080/pets/1
                ```

                ```text
                HTTP/1.1 200 OK
                apigw-requestid: …
                ```
                """);
        CurlExample.Expectation shown = examples.get(0).commands().get(0).expectation();
        assertThat(shown.whole()).isTrue();
        assertThat(shown.output()).isEqualTo("HTTP/1.1 200 OK\napigw-requestid: …");
    }

    @Test
    void aCurlThatShowsNothingIsAProblemUnlessTheBlockIsNotChecked() throws IOException {
        assertThat(examples("```sh\ncurl http://localhost:8080/pets\n```\n").get(0).problems())
                .singleElement().asString().contains("a curl without a shown result");
        CurlExample skipped = examples("```bash\n# not checked: needs a real AWS account\ncurl https://x.execute-api\n```\n").get(0);
        assertThat(skipped.problems()).isEmpty();
        assertThat(skipped.notChecked()).isEqualTo("needs a real AWS account");
    }

    @Test
    void theQuickstartABlockNamesComesFirst() throws IOException {
        CurlExample example = examples("""
                ```sh
                # java -jar samples/quickstart/target/quickstart.jar --spring.profiles.active=redis --server.port=8081
                # java -jar samples/quickstart/target/quickstart.jar --spring.profiles.active=redis --server.port=8082
                curl http://localhost:8081/pets   # → 200
                ```
                """).get(0);
        assertThat(example.instances()).containsExactly("--spring.profiles.active=redis --server.port=8081",
                "--spring.profiles.active=redis --server.port=8082");
        assertThat(examples("```sh\ncurl http://localhost:8080/  # → 200\n# java -jar samples/quickstart/target/quickstart.jar\n```\n")
                .get(0).problems()).singleElement().asString().contains("named before any command");
    }

    @Test
    void onlyShellBlocksAreExamples() throws IOException {
        assertThat(examples("```yaml\nuri: curl http://x\n```\n```java\n// curl\n```\n")).isEmpty();
    }

    @Test
    void shownOutputsStandForWhatChanges() {
        assertThat(ShownOutput.matches("{\"id\":2,\"requestId\":\"…\"}", "{\"requestId\":\"5d0c-9\",\"id\":2}")).isTrue();
        assertThat(ShownOutput.matches("{\"id\":2,\"requestId\":\"…\"}", "{\"requestId\":\"5d0c-9\",\"id\":3}")).isFalse();
        assertThat(ShownOutput.matches("{\"id\":2}", "{\"id\":2,\"more\":true}")).as("members are all shown").isFalse();
        assertThat(ShownOutput.matches("{\"price\":10}", "{\"price\":10.0}")).isTrue();
        assertThat(ShownOutput.matches("{\"at\":\"…\"}", "{\"at\":1796515200000}")).as("… for any value").isTrue();
        assertThat(ShownOutput.matches("{\"order\": \"o-…\"}", "{\"order\": \"x-1\"}")).isFalse();
        assertThat(ShownOutput.matches("{\"name\": \"dog\", ...}", "{\"name\": \"dog\", \"price\": 249.99}")).isTrue();
        assertThat(ShownOutput.matches("… 200 … 429", "     21 200\n     19 429\n")).isTrue();
        assertThat(ShownOutput.matches("… 200 … 429", "     40 200\n")).isFalse();
        assertThat(ShownOutput.matches("X-Tollgate-Cache: HIT", "X-Tollgate-Cache: HIT\r\n")).isTrue();
        assertThat(ShownOutput.matches("X-Tollgate-Cache: HIT", "X-Tollgate-Cache: MISS")).isFalse();
        assertThat(ShownOutput.body("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nA: b\r\n\r\n{\"x\":1}"))
                .isEqualTo("{\"x\":1}");
    }
}
