package io.tollgate.core.mapping;

import io.tollgate.core.api.Problems;
import io.tollgate.core.api.SelectionExpression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Route selection expressions as AWS's "WebSocket selection expressions" page evaluates them. */
class SelectionEvaluatorTest {

    private static SelectionEvaluator compile(String text) {
        Problems problems = new Problems();
        SelectionExpression expression = SelectionExpression.parse(text, "route-selection-expression", problems);
        assertThat(problems.asList()).isEmpty();
        return SelectionEvaluator.compile(expression);
    }

    private static String problem(String text) {
        Problems problems = new Problems();
        assertThat(SelectionExpression.parse(text, "route-selection-expression", problems)).isNull();
        assertThat(problems.asList()).hasSize(1);
        return problems.asList().get(0).toString();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // AWS's examples
            "$request.body.action                              | {\"action\":\"join\"}                       | join",
            "${request.body.action}                            | {\"action\":\"join\"}                       | join",
            "${request.body.service}/${request.body.action}    | {\"service\":\"chat\",\"action\":\"join\"}  | chat/join",
            "${request.body.action}-${request.body.invalidPath} | {\"action\":\"join\"}                      | join-",
            "$request.body.action                              | {\"action\":[\"item1\",\"item2\"]}          | [item1, item2]",
            "\\$default                                        | {\"action\":\"join\"}                       | $default",
            "static                                            | {\"action\":\"join\"}                       | static",
            // values made text, paths below the top
            "$request.body.action                              | {\"action\":42}                             | 42",
            "$request.body.action                              | {\"action\":true}                           | true",
            "$request.body.action                              | {\"action\":null}                           | ``",
            "$request.body.action                              | {\"action\":{\"a\":1}}                      | {a=1}",
            "$request.body.msg.type                            | {\"msg\":{\"type\":\"join\"}}               | join",
            "$request.body.items[1]                            | {\"items\":[\"a\",\"b\"]}                   | b",
            "${request.body['the action']}                     | {\"the action\":\"x\"}                      | x",
            "$request.body.action                              | \"just a string\"                           | ``",
            "$request.body.action                              | []                                          | ``",
            "$request.body                                     | {\"a\":1}                                   | {\"a\":1}",
            "v1/$request.body.action                           | {\"action\":\"join\"}                       | v1/join",
    })
    void evaluatesAsAws(String expression, String message, String expected) {
        assertThat(compile(expression.strip()).evaluate(message.strip())).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hi", "{action: \"join\"}", "{\"action\":\"join\"", "{'action':'join'}", ""})
    void aMessageThatIsNotJsonSelectsNothing(String message) {
        assertThat(compile("$request.body.action").evaluate(message)).isNull();
    }

    @Test
    void anExpressionThatReadsNoMessageIsItsTextWhateverTheMessage() {
        assertThat(compile("\\$default").evaluate("not json")).isEqualTo("$default");
        assertThat(compile("$default").evaluate("not json")).isEqualTo("$default");
    }

    @Test
    void badExpressionsAreRefusedNamingTheField() {
        assertThat(problem("${request.body.action")).contains("route-selection-expression").contains("without a closing '}'");
        assertThat(problem("$request.header.x-api-key")).contains("only $request.body references");
        assertThat(problem("${context.connectionId}")).contains("only $request.body references");
        assertThat(problem("$request.body..action")).contains("a reference to the message");
        assertThat(problem("${request.body.items[*]}")).contains("a reference to the message");
        assertThat(problem("${request.bodyx}")).contains("a reference to the message");
        assertThat(problem("$request.body.")).contains("a reference to the message");
        assertThat(problem("  ")).contains("must not be empty");
    }
}
