package io.tollgate.core.mapping;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every way out of the sandbox the issue lists must fail safely: nothing reached, or a render error (500). */
class TemplateSandboxTest {

    private static String render(String vtl) {
        return MappingTemplate.compile(vtl).render(TemplateInput.builder().body("{\"a\":\"b\"}").build()).body();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "$input.class",
            "$input.getClass()",
            "$input.class.forName('java.lang.Runtime')",
            "$input.getClass().forName('java.lang.Runtime').getRuntime().exec('id')",
            "$util.class.classLoader",
            "$util.getClass().getClassLoader()",
            "$context.getClass()",
            "$context.class.name",
            "$stageVariables.getClass().getName()",
            "$input.body.getClass().getName()",
            "$input.path('$').getClass()",
            "$input.params().getClass().forName('java.lang.System')",
            "$foreach.getClass()",
            "#set($s = '')$s.class.forName('java.lang.Runtime')",
            "#set($x = 1)$x.class.getName()",
            "$input.notify()",
    })
    void reflectionIsOutOfReach(String attempt) {
        String output = render("[" + attempt + "]");
        assertThat(output).doesNotContain("java.").doesNotContain("class ").doesNotContain("Runtime@")
                .doesNotContain("ClassLoader").doesNotContain("uid=");
    }

    @Test
    void includesAndParsesAreRefused() {
        assertThatThrownBy(() -> render("#include('/etc/passwd')")).isInstanceOf(TemplateRenderException.class);
        assertThatThrownBy(() -> render("#parse('/etc/passwd')")).isInstanceOf(TemplateRenderException.class);
        assertThatThrownBy(() -> render("#parse('pom.xml')")).isInstanceOf(TemplateRenderException.class);
    }

    @Test
    void hugeRangesFailBeforeAllocating() {
        assertThatThrownBy(() -> render("#foreach($i in [0..2000000000])#end"))
                .isInstanceOf(TemplateRenderException.class).hasMessageContaining("more than");
        assertThatThrownBy(() -> MappingTemplate.compile("#set($n = $input.path('$.n'))#foreach($i in [0..$n])#end")
                .render(TemplateInput.builder().body("{\"n\":100000000}").build()))
                .isInstanceOf(TemplateRenderException.class);
    }

    @Test
    void runawayStringsAndOutputAreStopped() {
        assertThatThrownBy(() -> render("#set($a = 'xxxxxxxxxx')#foreach($i in [1..64])#set($a = \"$a$a\")#end$a.length()"))
                .isInstanceOf(TemplateRenderException.class);
        assertThatThrownBy(() -> render("#set($a = 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx')"
                + "#foreach($i in [1..1000])#foreach($j in [1..1000])$a#end#end"))
                .isInstanceOf(TemplateRenderException.class);
    }

    @Test
    void deepMacroRecursionIsStopped() {
        assertThatThrownBy(() -> render("#macro(loop $n)#loop($n)#end#loop(1)"))
                .isInstanceOf(TemplateRenderException.class);
    }

    @Test
    void aTemplateErrorNeverCarriesTheSourceToTheResult() {
        assertThatThrownBy(() -> render("secret-template-text #include('x')"))
                .isInstanceOf(TemplateRenderException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"(", "[", "{\"a\":", "#if(true)"})
    void deeplyNestedTemplatesAreSyntaxErrorsNotStackOverflows(String level) {
        String close = switch (level) {
            case "(" -> ")";
            case "[" -> "]";
            case "#if(true)" -> "#end";
            default -> "}";
        };
        String vtl = level.startsWith("#") ? level.repeat(20_000) + "x" + close.repeat(20_000)
                : "#set($a = " + level.repeat(20_000) + "1" + close.repeat(20_000) + ")";
        assertThatThrownBy(() -> MappingTemplate.compile(vtl))
                .isInstanceOf(TemplateSyntaxException.class)
                .hasMessageContaining("nested too deeply");
        assertThat(render("#if(true)ok#end")).as("the engine still parses afterwards").isEqualTo("ok");
    }

    @Test
    void theVariablesThemselvesRenderAsNothingNotAsTheirJavaIdentity() {
        // was io.tollgate.core.mapping.InputVariable@6815c5f2: a class name, and different at every render
        assertThat(render("[$input][$util][$input.toString()][$util.toString()]")).isEqualTo("[][][][]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"#set($a =#0/0)", "#set($a = #1)", "$x.y(#0)"})
    void templatesVelocityFailsOnUncheckedAreSyntaxErrors(String vtl) {
        // Velocity's integer literal threw NumberFormatException ("#0") out of compile
        assertThatThrownBy(() -> MappingTemplate.compile(vtl)).isInstanceOf(TemplateSyntaxException.class);
    }
}
