package io.tollgate.core.mapping;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TemplateDirectivesTest {

    @Test
    void theInnermostOpenDirectiveIsNamedWithItsPosition() {
        assertThat(TemplateDirectives.unclosed("#if($a)\n  #foreach($b in $c)\n    $b\n#end"))
                .isEqualTo(new TemplateDirectives.Open("#if", 1, 1, true));
        assertThat(TemplateDirectives.unclosed("#if($a)\n  #foreach($b in $c)\n    $b\n"))
                .isEqualTo(new TemplateDirectives.Open("#foreach", 2, 3, true));
        assertThat(TemplateDirectives.unclosed("x #{if}($a) y")).isEqualTo(new TemplateDirectives.Open("#if", 1, 3, true));
        assertThat(TemplateDirectives.unclosed("#macro(m $a)$a")).isEqualTo(new TemplateDirectives.Open("#macro", 1, 1, true));
        assertThat(TemplateDirectives.unclosed("#@block()body")).isEqualTo(new TemplateDirectives.Open("#@block", 1, 1, true));
        assertThat(TemplateDirectives.unclosed("#define( $d )x")).isEqualTo(new TemplateDirectives.Open("#define", 1, 1, true));
    }

    @Test
    void argumentsThatNeverCloseAreNamed() {
        TemplateDirectives.Open open = TemplateDirectives.unclosed("ok\n#if($a == \"(\" && ($b\n");
        assertThat(open).isEqualTo(new TemplateDirectives.Open("#if", 2, 1, false));
        assertThat(open.describe()).isEqualTo("#if( has no closing ')'");
        assertThat(TemplateDirectives.unclosed("#if($a == \"unterminated)")).extracting(TemplateDirectives.Open::argumentsClosed)
                .isEqualTo(false);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "#if($a)x#end",
            "#if($a)x#{end}",
            "#if($a == \"#end\")x#end",
            "#if($a == ')')x#end",
            "## #if($a)\nplain",
            "#* #if($a) *# plain",
            "#[[ #if($a) ]]# plain",
            "\\#if($a) escaped",
            "#if ($a) spaced #end",
            "#foreach($i in [1..3])#if($i)#end#end",
            "#iffy($a) not a directive we know",
            "#if without parentheses",
            "$a # not a directive",
            "#end #if($a)x#end",
    })
    void closedOrNotDirectivesAreNotReported(String template) {
        assertThat(TemplateDirectives.unclosed(template)).isNull();
    }

    @Test
    void anEvenNumberOfBackslashesDoesNotEscape() {
        assertThat(TemplateDirectives.unclosed("\\\\#if($a)x")).isEqualTo(new TemplateDirectives.Open("#if", 1, 3, true));
    }

    @Test
    void endFollowedByANameIsNotEnd() {
        assertThat(TemplateDirectives.unclosed("#if($a)x#endif")).isEqualTo(new TemplateDirectives.Open("#if", 1, 1, true));
    }
}
