package io.tollgate.core.routing;

import io.tollgate.core.api.RouteKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The precedence table of the documentation, as a test: the most specific route wins, whatever the declaration order. */
class RouteTablePrecedenceTest {

    private static final List<String> ROUTES = List.of(
            "GET /pets/dog/1",
            "GET /pets/dog/{id}",
            "GET /pets/{proxy+}",
            "ANY /{proxy+}",
            "GET /pets",
            "ANY /pets/cat",
            "GET /pets/{id}",
            "POST /pets/{id}/toys",
            "GET /",
            "GET /store/{a}/{b}",
            "GET /store/{a}/orders",
            "$default");

    private static RouteTable<String> table(List<String> routes) {
        List<RouteTable.Definition<String>> definitions = new ArrayList<>();
        for (String route : routes) {
            definitions.add(new RouteTable.Definition<>(RouteKey.parse(route), route));
        }
        return RouteTable.compile(definitions);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            GET    | /pets/dog/1        | GET /pets/dog/1
            GET    | /pets/dog/2        | GET /pets/dog/{id}
            GET    | /pets/cat/1        | GET /pets/{proxy+}
            POST   | /pets/cat/1        | ANY /{proxy+}
            GET    | /pets              | GET /pets
            POST   | /pets              | ANY /{proxy+}
            GET    | /pets/cat          | ANY /pets/cat
            DELETE | /pets/cat          | ANY /pets/cat
            GET    | /pets/7            | GET /pets/{id}
            PUT    | /pets/7            | ANY /{proxy+}
            POST   | /pets/7/toys       | POST /pets/{id}/toys
            GET    | /pets/7/toys       | GET /pets/{proxy+}
            GET    | /                  | GET /
            POST   | /                  | $default
            GET    | /store/1/orders    | GET /store/{a}/orders
            GET    | /store/1/2         | GET /store/{a}/{b}
            GET    | /store/1/2/3       | ANY /{proxy+}
            TRACE  | /pets              | ANY /{proxy+}
            """)
    void mostSpecificRouteWins(String method, String path, String expected) {
        assertThat(table(ROUTES).match(method, RequestPath.parse(path), 0).value()).isEqualTo(expected);
    }

    @Test
    void declarationOrderDoesNotMatter() {
        List<String> shuffled = new ArrayList<>(ROUTES);
        Random random = new Random(42);
        RouteTable<String> reference = table(ROUTES);
        for (int round = 0; round < 20; round++) {
            Collections.shuffle(shuffled, random);
            RouteTable<String> table = table(shuffled);
            for (String path : List.of("/pets/dog/1", "/pets/dog/2", "/pets/cat/1", "/pets/7", "/store/1/orders", "/x")) {
                for (String method : List.of("GET", "POST", "PUT")) {
                    assertThat(table.match(method, RequestPath.parse(path), 0).value())
                            .isEqualTo(reference.match(method, RequestPath.parse(path), 0).value());
                }
            }
        }
    }

    @Test
    void defaultCatchesWhatNothingElseMatchesAndOnlyThen() {
        RouteTable<String> table = table(List.of("GET /pets", "$default"));
        assertThat(table.match("GET", RequestPath.parse("/other"), 0).value()).isEqualTo("$default");
        assertThat(table.matchExplicit("GET", RequestPath.parse("/other"), 0)).isNull();
        assertThat(table.matchExplicit("GET", RequestPath.parse("/pets"), 0).value()).isEqualTo("GET /pets");
        assertThat(table(List.of("GET /pets")).match("GET", RequestPath.parse("/other"), 0)).isNull();
    }

    @Test
    void pathParametersAreRawAndGreedyTakesTheRest() {
        RouteTable<String> table = table(ROUTES);
        RouteTable.Match<String> match = table.match("GET", RequestPath.parse("/pets/dog/a%20b"), 0);
        assertThat(match.pathParameters()).containsEntry("id", "a%20b");
        RouteTable.Match<String> greedy = table.match("GET", RequestPath.parse("/pets/cat/x/y/"), 0);
        assertThat(greedy.pathParameter("proxy")).isEqualTo("cat/x/y");
        RouteTable.Match<String> any = table.match("PUT", RequestPath.parse("/a//b"), 0);
        assertThat(any.pathParameter("proxy")).isEqualTo("a/b");
        assertThat(table.match("GET", RequestPath.parse("/store/1/orders"), 0).pathParameters()).containsExactly(
                org.assertj.core.api.Assertions.entry("a", "1"));
    }

    @Test
    void literalsCompareDecodedAndTrailingSlashIsIgnored() {
        RouteTable<String> table = table(List.of("GET /caf\u00e9/{id}", "GET /a+b"));
        assertThat(table.match("GET", RequestPath.parse("/caf%C3%A9/1/"), 0).value()).isEqualTo("GET /caf\u00e9/{id}");
        assertThat(table.match("GET", RequestPath.parse("/a%2Bb"), 0).value()).isEqualTo("GET /a+b");
        assertThat(table.match("GET", RequestPath.parse("/a%2bb/"), 0).value()).isEqualTo("GET /a+b");
    }

    @Test
    void matchingStartsAfterTheMountPrefix() {
        RouteTable<String> table = table(List.of("GET /pets/{id}"));
        RouteTable.Match<String> match = table.match("GET", RequestPath.parse("/prod/pets/9"), 1);
        assertThat(match.pathParameter("id")).isEqualTo("9");
        assertThat(table.match("GET", RequestPath.parse("/prod/pets/9"), 0)).isNull();
    }

    @Test
    void greedyNeedsAtLeastOneSegment() {
        RouteTable<String> table = table(List.of("GET /store/{proxy+}"));
        assertThat(table.match("GET", RequestPath.parse("/store"), 0)).isNull();
        assertThat(table.match("GET", RequestPath.parse("/store/"), 0)).isNull();
        assertThat(table.match("GET", RequestPath.parse("/store/a"), 0).value()).isEqualTo("GET /store/{proxy+}");
    }

    @Test
    void manyRoutesStillMatchExactly() {
        List<String> routes = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            routes.add("GET /r" + i + "/items/{id}");
        }
        RouteTable<String> table = table(routes);
        assertThat(table.match("GET", RequestPath.parse("/r9876/items/5"), 0).value()).isEqualTo("GET /r9876/items/{id}");
        assertThat(table.match("GET", RequestPath.parse("/r10000/items/5"), 0)).isNull();
    }
}
