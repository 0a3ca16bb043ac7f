package io.tollgate.core.mapping;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Conformance of mapping templates with Amazon API Gateway. Sources: [DOC] the API Gateway Developer Guide's
 * "mapping template and access logging variable reference" ($input, $util, $context, $stageVariables) and its
 * "Amazon API Gateway important notes" (VTL limits); [LS] AWS-recorded snapshots in LocalStack's
 * tests/aws/services/apigateway (test_apigateway_integrations, test_template_rendering); [TQ] real-AWS captures
 * published by ToQoz (2015).
 */
class MappingTemplateTest {

    private static String render(String vtl, String body) {
        return MappingTemplate.compile(vtl).render(TemplateInput.builder().body(body).build()).body();
    }

    private static String render(String vtl, TemplateInput input) {
        return MappingTemplate.compile(vtl).render(input).body();
    }

    @Test
    @DisplayName("[LS] $input.body is the raw payload, whitespace kept; an empty body is {}")
    void inputBody() {
        assertThat(render("$input.body", "{ \"a\" :  1 }")).isEqualTo("{ \"a\" :  1 }");
        assertThat(render("$input.body", "not json")).isEqualTo("not json");
        assertThat(render("$input.body", "")).isEqualTo("{}");
    }

    @Test
    @DisplayName("[DOC][TQ] $input.json serialises the JSONPath result; empty body gives {}, non-JSON text a JSON string")
    void inputJson() {
        String body = "{\"name\":\"Ann\",\"pets\":[{\"type\":\"dog\",\"price\":249.99}],\"n\":null}";
        assertThat(render("$input.json('$')", body)).isEqualTo(body);
        assertThat(render("$input.json('$.pets[0]')", body)).isEqualTo("{\"type\":\"dog\",\"price\":249.99}");
        assertThat(render("$input.json('$.name')", body)).isEqualTo("\"Ann\"");
        assertThat(render("$input.json('$.pets[0].price')", body)).isEqualTo("249.99");
        assertThat(render("$input.json('$')", "")).isEqualTo("{}");
        assertThat(render("$input.json('$')", "a=b")).isEqualTo("\"a=b\"");
        assertThat(render("[$input.json('$.missing')]", body)).isEqualTo("[]");
    }

    @Test
    @DisplayName("[LS] $input.path renders objects like Map.toString() and arrays as compact JSON, also nested")
    void inputPathRendering() {
        assertThat(render("$input.path('$')", "{\"foo\":\"bar\"}")).isEqualTo("{foo=bar}");
        assertThat(render("$input.path('$')", "{\"bigger\":\"dict\",\"to\":\"test\",\"with\":\"separators\"}"))
                .isEqualTo("{bigger=dict, to=test, with=separators}");
        assertThat(render("$input.path('$')", "[{\"foo\":\"bar\"}]")).isEqualTo("[{\"foo\":\"bar\"}]");
        assertThat(render("$input.path('$')", "{\"foo\":[{\"nested\":\"bar\"}]}")).isEqualTo("{foo=[{\"nested\":\"bar\"}]}");
        assertThat(render("$input.path('$').toString()", "{\"foo\":\"bar\"}")).isEqualTo("{foo=bar}");
    }

    @Test
    @DisplayName("[LS][DOC] $input.path values can be navigated: [0], .key, .size()")
    void inputPathNavigation() {
        String body = "{\"pets\":[{\"nested\":\"a\"},{\"nested\":\"b\"}]}";
        assertThat(render("#set($r = $input.path('$.pets'))$r[1].nested $r.size() $r[0]", body))
                .isEqualTo("b 2 {nested=a}");
        assertThat(render("#foreach($p in $input.path('$.pets'))$p.nested#if($foreach.hasNext),#end#end", body))
                .isEqualTo("a,b");
    }

    @Test
    @DisplayName("[LS] a missing value or JSON null renders empty and equals both $null and \"\"; [] is neither")
    void missingAndNullValues() {
        String body = "{\"n\":null,\"empty\":[]}";
        assertThat(render("[$input.path('$.missing')][$input.path('$.n')]", body)).isEqualTo("[][]");
        assertThat(render("#if($input.path('$.missing') == $null)null#end", body)).isEqualTo("null");
        assertThat(render("#if($input.path('$.missing') == \"\")empty#end", body)).isEqualTo("empty");
        assertThat(render("#if($input.path('$.n') == \"\")empty#end", body)).isEqualTo("empty");
        assertThat(render("#if(!$input.path('$.missing'))falsy#end", body)).isEqualTo("falsy");
        assertThat(render("$input.path('$.empty')", body)).isEqualTo("[]");
        assertThat(render("#if($input.path('$.empty') == $null)null#{else}not-null#end", body)).isEqualTo("not-null");
        assertThat(render("#if($input.path('$.empty') == \"\")empty#{else}not-empty#end", body)).isEqualTo("not-empty");
    }

    @Test
    @DisplayName("[TQ] a non-JSON body is a string to $input.path('$'): form bodies can be split")
    void nonJsonBody() {
        assertThat(render("$input.path('$')", "a=b&c=d")).isEqualTo("a=b&c=d");
        assertThat(render("#foreach($kv in $input.path('$').split('&'))[$kv]#end", "a=b&c=d")).isEqualTo("[a=b][c=d]");
        assertThat(render("[$input.path('$.a')]", "a=b")).isEqualTo("[]");
    }

    @Test
    @DisplayName("[TQ] a body that starts like JSON but is malformed fails with a parse error (400 at the gateway)")
    void malformedJson() {
        assertThatThrownBy(() -> render("$input.json('$')", "{\"a\": tru"))
                .isInstanceOf(MalformedJsonException.class);
        assertThatThrownBy(() -> render("$input.path('$.a')", "[1, 2"))
                .isInstanceOf(MalformedJsonException.class);
        assertThat(render("$input.body", "{\"a\": tru")).isEqualTo("{\"a\": tru");
    }

    @Test
    @DisplayName("bad input: deeply nested or huge JSON bodies fail as malformed JSON (400) or render, never crash")
    void deepAndLargeBodies() {
        String deep = "[".repeat(200_000) + "]".repeat(200_000);
        assertThatThrownBy(() -> render("$input.json('$')", deep)).isInstanceOf(MalformedJsonException.class);
        String wide = "{\"items\":[" + "1,".repeat(500_000) + "1]}";
        assertThat(render("$input.path('$.items').size()", wide)).isEqualTo("500001");
    }

    @Test
    @DisplayName("[DOC][LS] $input.params(): path, querystring, header; params(x) looks in that order; missing is empty")
    void inputParams() {
        TemplateInput input = TemplateInput.builder()
                .pathParameter("id", "from-path")
                .queryParameter("id", "from-query").queryParameter("q", "query-only")
                .header("id", "from-header").header("X-Trace", "t1")
                .build();
        assertThat(render("$input.params('id') $input.params('q') $input.params('X-Trace') [$input.params('nope')]", input))
                .isEqualTo("from-path query-only t1 []");
        assertThat(render("$input.params().path.id $input.params().querystring.q $input.params().header.get('X-Trace')", input))
                .isEqualTo("from-path query-only t1");
        assertThat(render("$input.params('x-trace')", input)).isEqualTo("t1");
    }

    @Test
    @DisplayName("[DOC] $util.escapeJavaScript escapes quotes (' as \\', as AWS documents) and control characters")
    void escapeJavaScript() {
        assertThat(render("$util.escapeJavaScript($input.path('$.s'))", "{\"s\":\"He said \\\"hi\\\"\\nit's\"}"))
                .isEqualTo("He said \\\"hi\\\"\\nit\\'s");
        assertThat(render("$util.escapeJavaScript($input.path('$.s')).replaceAll(\"\\\\'\",\"'\")", "{\"s\":\"it's\"}"))
                .isEqualTo("it's");
    }

    @Test
    @DisplayName("[DOC][LS] $util.parseJson turns a JSON string into a navigable object")
    void parseJson() {
        String body = "{\"payload\":\"{\\\"key2\\\":{\\\"arr\\\":[\\\"x\\\",\\\"y\\\"]}}\"}";
        assertThat(render("#set($o = $util.parseJson($input.path('$.payload')))$o.key2.arr[1]", body)).isEqualTo("y");
        assertThatThrownBy(() -> render("$util.parseJson('{bad')", "")).isInstanceOf(MalformedJsonException.class);
    }

    @Test
    @DisplayName("[LS] $util.urlEncode is form encoding (space → +, upper-case hex), urlEncode(null) is empty; urlDecode reverses it")
    void urlEncoding() {
        assertThat(render("$util.urlEncode('a b{\":}')", "")).isEqualTo("a+b%7B%22%3A%7D");
        assertThat(render("[$util.urlEncode($input.path('$.missing'))]", "{}")).isEqualTo("[]");
        assertThat(render("$util.urlDecode('a+b%7B%22%3A%7D')", "")).isEqualTo("a b{\":}");
    }

    @Test
    @DisplayName("[LS] $util.base64Encode/Decode: standard base64 of UTF-8; a 15-byte string encodes to 20 characters")
    void base64() {
        assertThat(render("$util.base64Encode('fifteen bytes!!')", "")).hasSize(20).isEqualTo("ZmlmdGVlbiBieXRlcyEh");
        assertThat(render("$util.base64Decode('ZmlmdGVlbiBieXRlcyEh')", "")).isEqualTo("fifteen bytes!!");
        assertThat(render("$util.parseJson($util.base64Decode($util.base64Encode('{\"a\":[1]}'))).a[0]", "")).isEqualTo("1");
    }

    @Test
    @DisplayName("[DOC] $context values, nested ($context.identity.sourceIp, $context.authorizer.claims.x), and $stageVariables")
    void contextAndStageVariables() {
        TemplateInput input = TemplateInput.builder()
                .context(Map.of("requestId", "r-1", "identity", Map.of("sourceIp", "203.0.113.9"),
                        "authorizer", Map.of("claims", Map.of("sub", "ann"))))
                .stageVariable("env", "prod")
                .build();
        assertThat(render("$context.requestId $context.identity.sourceIp $context.authorizer.claims.sub", input))
                .isEqualTo("r-1 203.0.113.9 ann");
        assertThat(render("$stageVariables.env $stageVariables['env'] ${stageVariables['env']} [$stageVariables.nope]", input))
                .isEqualTo("prod prod prod []");
        assertThat(render("[$context.identity.userAgent]", input)).isEqualTo("[]");
    }

    @Test
    @DisplayName("[DOC][LS] responseOverride and requestOverride set in a template are returned with the result")
    void overrides() {
        TemplateResult result = MappingTemplate.compile("""
                #set($context.responseOverride.status = 444)
                #set($context.responseOverride.header['Retry-After'] = "30")
                #set($context.requestOverride.header['x-tenant'] = "t1")
                #set($context.requestOverride.querystring.page = "2")
                #set($context.requestOverride.path.id = "9")
                ok""").render(TemplateInput.builder().build());
        assertThat(result.body().trim()).isEqualTo("ok");
        assertThat(result.statusOverride()).hasValue(444);
        assertThat(result.headerOverrides()).containsEntry("Retry-After", "30");
        assertThat(result.requestHeaderOverrides()).containsEntry("x-tenant", "t1");
        assertThat(result.requestQueryOverrides()).containsEntry("page", "2");
        assertThat(result.requestPathOverrides()).containsEntry("id", "9");
        assertThat(MappingTemplate.compile("x").render(TemplateInput.builder().build()).statusOverride()).isEmpty();
    }

    @Test
    @DisplayName("[LS][DOC] maps and lists: #set($m[$k] = v), $m.put, ranges, size(), contains(), length(), #elseif, #{else}")
    void velocityConstructs() {
        assertThat(render("#set($m = {})#set($k = 'a')#set($m[$k] = 1)#set($ignore = $m.put('b', 2))$m.size() $m.a $m.b", ""))
                .isEqualTo("2 1 2");
        assertThat(render("#foreach($i in [0..3])$i#end", "")).isEqualTo("0123");
        assertThat(render("#set($l = [1, 2])$l.contains(2) 'abc'.length() #if(false)x#elseif(true)y#{else}z#end", ""))
                .isEqualTo("true 'abc'.length() y");
        assertThat(render("$input.path('$.price').", "{\"price\":5}")).isEqualTo("5.");
    }

    @Test
    @DisplayName("[DOC] #foreach stops after 1,000 iterations")
    void foreachLimit() {
        assertThat(render("#foreach($i in [1..1500])x#end", "")).hasSize(1000);
    }

    @Test
    void syntaxErrorsNameTheLine() {
        // Velocity reports both where the template ends; the directive left open is named instead
        assertThatThrownBy(() -> MappingTemplate.compile("route GET /x", "line one\n#if($a\nthree"))
                .isInstanceOf(TemplateSyntaxException.class)
                .hasMessage("Syntax error in mapping template route GET /x at line 2, column 1: #if( has no closing ')'")
                .satisfies(e -> assertThat(((TemplateSyntaxException) e).line()).isEqualTo(2));
        assertThatThrownBy(() -> MappingTemplate.compile("t", "{\n  #foreach($a in [1])\n    #if($a)x#end\n}\n"))
                .hasMessage("Syntax error in mapping template t at line 2, column 3: #foreach has no #end")
                .satisfies(e -> assertThat(((TemplateSyntaxException) e).detail())
                        .isEqualTo("at line 2, column 3: #foreach has no #end"));
        // an error that is not at the end keeps Velocity's own position
        assertThatThrownBy(() -> MappingTemplate.compile("t", "a\n#set($x = )\nb"))
                .hasMessage("Syntax error in mapping template t at line 2, column 11: unexpected \")\"");
        assertThatThrownBy(() -> MappingTemplate.compile("#end")).isInstanceOf(TemplateSyntaxException.class);
    }

    @Test
    @DisplayName("a body that is JSON's null renders as null does elsewhere (nothing), not a template failure (500)")
    void nullBody() {
        assertThat(render("[$input.json('$')]", "null")).isEqualTo("[]");
        assertThat(render("[$input.json('$.a.b')]", "null")).isEqualTo("[]");
        assertThat(render("[$input.path('$')]", " null ")).isEqualTo("[]");
        assertThat(render("[$input.path('$.a')]", "null")).isEqualTo("[]");
        assertThat(render("#if($input.path('$') == $null)absent#end", "null")).isEqualTo("absent");
    }

    @Test
    @DisplayName("a number beyond double range is written as null by $input.json, never as the invalid JSON Infinity")
    void numbersBeyondDoubleRange() {
        assertThat(render("$input.json('$')", "{\"big\":1e400,\"small\":-1e999,\"tiny\":1e-400,\"n\":1.5}"))
                .isEqualTo("{\"big\":null,\"small\":null,\"tiny\":0.0,\"n\":1.5}");
        assertThat(render("$input.json('$.big')", "{\"big\":[1E400]}")).isEqualTo("[null]");
    }

    @Test
    @DisplayName("a raw control character outside JSON strings makes the body malformed (400): json-smart read 10<NUL> as 52")
    void rawControlCharactersOutsideStrings() {
        assertThatThrownBy(() -> render("$input.json('$')", "{\"amount\": 10\u0000}"))
                .isInstanceOf(MalformedJsonException.class).hasMessageContaining("U+0000");
        assertThatThrownBy(() -> render("$input.json('$')", "[1\u001f]")).isInstanceOf(MalformedJsonException.class);
        assertThatThrownBy(() -> render("$util.parseJson('[1\u0001]')", "{}")).isInstanceOf(MalformedJsonException.class);
        assertThat(render("$input.json('$.a')", "{\t\"a\" :\r\n 1 }")).isEqualTo("1");
    }

    @Test
    @DisplayName("a '-' or '.' without its digits is malformed (400): json-smart read {\"amount\": -} as 0 and [1.] as [1.0]")
    void numbersWithoutTheirDigits() {
        assertThatThrownBy(() -> render("$input.json('$')", "{\"amount\": -}")).isInstanceOf(MalformedJsonException.class);
        assertThatThrownBy(() -> render("$input.json('$')", "[1.]")).isInstanceOf(MalformedJsonException.class);
        assertThatThrownBy(() -> render("$input.json('$')", "[-]")).isInstanceOf(MalformedJsonException.class);
        assertThat(render("$input.json('$')", "[-0.5e-3, \"a.-b\", \"\\\".\", 1.25]")).isEqualTo("[-5.0E-4,\"a.-b\",\"\\\".\",1.25]");
    }
}
