package io.tollgate.core.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ValueTemplateTest {

    private static ValueTemplate parse(String text) {
        Problems problems = new Problems();
        ValueTemplate template = ValueTemplate.parse(text, "v", problems);
        assertThat(problems.asList()).isEmpty();
        return template;
    }

    @Test
    void bothReferenceFormsMixWithText() {
        ValueTemplate t = parse("Bearer ${request.header.token}-$request.path.id.suffix $context.requestId");
        assertThat(t.parts()).containsExactly(
                new ValueTemplate.Text("Bearer "),
                new ValueTemplate.Reference(ValueTemplate.Source.HEADER, "token", null),
                new ValueTemplate.Text("-"),
                new ValueTemplate.Reference(ValueTemplate.Source.PATH_PARAMETER, "id.suffix", null),
                new ValueTemplate.Text(" "),
                new ValueTemplate.Reference(ValueTemplate.Source.CONTEXT, "requestId", ContextVariable.REQUEST_ID));
    }

    @Test
    void staticTextAndDollarSignsStayText() {
        assertThat(parse("price $5 or $$").isStatic()).isTrue();
        assertThat(parse("$request.path").parts())
                .containsExactly(new ValueTemplate.Reference(ValueTemplate.Source.REQUEST_PATH, "", null));
        assertThat(parse("$stageVariables.env.").parts()).containsExactly(
                new ValueTemplate.Reference(ValueTemplate.Source.STAGE_VARIABLE, "env", null), new ValueTemplate.Text("."));
        assertThat(parse("${context.identity.sourceIp}").parts()).containsExactly(
                new ValueTemplate.Reference(ValueTemplate.Source.CONTEXT, "identity.sourceIp", ContextVariable.IDENTITY_SOURCE_IP));
    }

    @Test
    void headerNamesAreCaseInsensitive() {
        assertThat(parse("$request.header.X-Api-Key").parts())
                .containsExactly(new ValueTemplate.Reference(ValueTemplate.Source.HEADER, "x-api-key", null));
    }

    @Test
    void badReferencesAreProblems() {
        Problems problems = new Problems();
        assertThat(ValueTemplate.parse("${request.header.x", "p", problems)).isNull();
        assertThat(ValueTemplate.parse("$request.body.x", "q", problems)).isNull();
        assertThat(ValueTemplate.parse("$context.", "r", problems)).isNotNull(); // a bare '$context.' is text
        assertThat(problems.asList()).extracting(Problem::path).containsExactly("p", "q");
    }
}
