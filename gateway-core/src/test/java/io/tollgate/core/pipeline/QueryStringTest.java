package io.tollgate.core.pipeline;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class QueryStringTest {

    @Test
    void keepsOrderAndDuplicatesAndDecodesFormStyle() {
        QueryString q = QueryString.parse("category=electronics&category=books&q=a+b%2Bc&flag&=x&&e=");
        assertThat(q.all("category")).containsExactly("electronics", "books");
        assertThat(q.joined("category")).isEqualTo("electronics,books");
        assertThat(q.all("q")).containsExactly("a b+c");
        assertThat(q.all("flag")).containsExactly("");
        assertThat(q.all("e")).containsExactly("");
        assertThat(q.pairs()).extracting(QueryString.Pair::rawName)
                .containsExactly("category", "category", "q", "flag", "", "e");
        assertThat(q.joined("missing")).isNull();
    }

    @Test
    void malformedEncodingIsKeptRawNotAnError() {
        assertThat(QueryString.parse("a=%zz&b=%E2%82%AC").all("a")).containsExactly("%zz");
        assertThat(QueryString.parse("b=%E2%82%AC").all("b")).containsExactly("\u20ac");
    }

    @Test
    void emptyQueries() {
        assertThat(QueryString.parse(null).pairs()).isEmpty();
        assertThat(QueryString.parse("").asMap()).isEmpty();
        assertThat(QueryString.parse("&&").all("")).isEqualTo(List.of());
    }
}
