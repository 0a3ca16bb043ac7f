package io.tollgate.core.api;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.tollgate.testsupport.Fuzz.check;
import static io.tollgate.testsupport.Fuzz.text;

/**
 * Fuzzes the selection expressions of parameter-mapping values ({@code $request.header.x}, {@code ${request.path.id}},
 * {@code $context.requestId}, {@code $stageVariables.name} inside text). Any text is either refused with a problem
 * (never an exception) or split into text and references that are well formed, and that parse back to the same parts
 * when written again with every reference in braces.
 */
class ValueTemplateFuzzTest {

    @FuzzTest
    void parse(byte[] input) {
        String text = text(input);
        Problems problems = new Problems();
        ValueTemplate template = ValueTemplate.parse(text, "value", problems);
        check((template == null) != problems.isEmpty(), "refused exactly when a problem is named: %s", text);
        if (template == null) {
            return;
        }
        check(template.text().equals(text), "text() is the value as written");
        boolean references = false;
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < template.parts().size(); i++) {
            ValueTemplate.Part part = template.parts().get(i);
            if (part instanceof ValueTemplate.Text t) {
                check(!t.value().isEmpty(), "an empty text part in %s", text);
                check(i == 0 || !(template.parts().get(i - 1) instanceof ValueTemplate.Text), "two text parts in a row");
                literal.append(t.value());
                continue;
            }
            references = true;
            ValueTemplate.Reference ref = (ValueTemplate.Reference) part;
            check(ref.source() != null && ref.name() != null, "reference of %s", text);
            switch (ref.source()) {
                case REQUEST_PATH -> check(ref.name().isEmpty(), "$request.path has no name");
                case HEADER -> check(!ref.name().isEmpty() && ref.name().equals(ref.name().toLowerCase(Locale.ROOT)),
                        "header reference %s of %s", ref.name(), text);
                case CONTEXT -> check(ref.contextVariable() != null && ContextVariable.byName(ref.name()).isPresent(),
                        "context reference %s of %s", ref.name(), text);
                default -> check(!ref.name().isEmpty() && ref.name().indexOf('}') < 0, "reference %s of %s", ref.name(), text);
            }
        }
        check(template.isStatic() == !references, "isStatic of %s", text);
        if (!references) {
            check(literal.toString().equals(text), "a value without references is its text: %s", text);
        }

        String braced = braced(template.parts());
        ValueTemplate again = ValueTemplate.parse(braced, "value", new Problems());
        check(again != null, "%s written as %s is refused", text, braced);
        check(again.parts().equals(template.parts()), "%s written as %s parses to other parts", text, braced);
    }

    private static String braced(List<ValueTemplate.Part> parts) {
        StringBuilder sb = new StringBuilder();
        for (ValueTemplate.Part part : new ArrayList<>(parts)) {
            if (part instanceof ValueTemplate.Text t) {
                sb.append(t.value());
                continue;
            }
            ValueTemplate.Reference ref = (ValueTemplate.Reference) part;
            sb.append("${").append(switch (ref.source()) {
                case REQUEST_PATH -> "request.path";
                case PATH_PARAMETER -> "request.path." + ref.name();
                case HEADER -> "request.header." + ref.name();
                case QUERY_STRING -> "request.querystring." + ref.name();
                case CONTEXT -> "context." + ref.name();
                case STAGE_VARIABLE -> "stageVariables." + ref.name();
            }).append('}');
        }
        return sb.toString();
    }
}
