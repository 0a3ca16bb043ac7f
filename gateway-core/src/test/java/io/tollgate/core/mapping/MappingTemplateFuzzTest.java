package io.tollgate.core.mapping;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.Map;

import static io.tollgate.testsupport.Fuzz.check;
import static io.tollgate.testsupport.Fuzz.text;

/**
 * Fuzzes mapping templates (Velocity). {@code compileAndRender}: any source either compiles or is refused with
 * {@link TemplateSyntaxException} (never another exception, never a StackOverflowError), and a compiled template
 * renders to bounded text or fails with {@link TemplateRenderException} / {@link MalformedJsonException}, the same way
 * every time; Jazzer's sanitizers watch for a way out of the sandbox (reflection, commands, files). {@code renderBody}:
 * the usual templates over any request body: {@code $input.body} is the body, {@code $input.json('$')} writes JSON that
 * reads back as the body's JSON, a body that starts like JSON but is not is a {@link MalformedJsonException} (400),
 * and {@code $util}'s encodings round-trip.
 */
class MappingTemplateFuzzTest {

    private static final TemplateInput INPUT = TemplateInput.builder()
            .body("{\"name\":\"Rex\",\"items\":[1,2,{\"a\":null}],\"n\":1.5}")
            .pathParameter("id", "7").queryParameter("q", "a b").header("Accept", "application/json")
            .stageVariable("backend", "http://localhost:9000")
            .context(Map.of("requestId", "r-1", "identity", Map.of("sourceIp", "127.0.0.1")))
            .build();

    private static final MappingTemplate BODY = MappingTemplate.compile("$input.body");
    private static final MappingTemplate JSON = MappingTemplate.compile("$input.json('$')");
    private static final MappingTemplate PATH = MappingTemplate.compile("#set($v = $input.path('$'))$v");
    private static final MappingTemplate BASE64 = MappingTemplate.compile("$util.base64Decode($util.base64Encode($input.body))");
    private static final MappingTemplate URL = MappingTemplate.compile("$util.urlDecode($util.urlEncode($input.body))");
    private static final MappingTemplate ESCAPED = MappingTemplate.compile("$util.escapeJavaScript($input.body)");
    private static final MappingTemplate PARSED = MappingTemplate.compile("#set($p = $util.parseJson($input.body))$p");

    @FuzzTest
    void compileAndRender(byte[] input) {
        String source = text(input);
        MappingTemplate template;
        try {
            template = MappingTemplate.compile(source);
        } catch (TemplateSyntaxException refused) {
            check(refused.getMessage() != null && refused.line() >= 0 && refused.column() >= 0, "a syntax error says where");
            return;
        }
        check(template.source().equals(source), "source()");
        if (count(source, "foreach") > 1 || source.contains("macro") || source.contains("define")) {
            return; // nested loops and recursion are bounded, but not by a time a fuzzer can wait for
        }
        String first = render(template);
        String second = render(template);
        check(first == null ? second == null : first.equals(second), "the same template renders the same twice: %s", source);
    }

    /** The body, or null when the render failed the way templates may fail. */
    private static String render(MappingTemplate template) {
        try {
            TemplateResult result = template.render(INPUT);
            check(result.body().length() <= TemplateEngine.MAX_OUTPUT, "output beyond the limit");
            return result.body();
        } catch (TemplateRenderException | MalformedJsonException failed) {
            return null;
        }
    }

    @FuzzTest
    void renderBody(byte[] input) {
        String body = text(input);
        String effective = body.isEmpty() ? "{}" : body;
        TemplateInput in = TemplateInput.builder().body(body).build();
        String trimmed = effective.trim();
        Object document = null;
        boolean json;
        try {
            document = TemplateJson.parse(trimmed);
            json = true;
        } catch (MalformedJsonException notJson) {
            json = false;
        }
        boolean startsLikeJson = trimmed.startsWith("{") || trimmed.startsWith("[");
        boolean jsonLike = startsLikeJson || trimmed.startsWith("\"") || trimmed.startsWith("-")
                || (!trimmed.isEmpty() && Character.isDigit(trimmed.charAt(0)))
                || trimmed.equals("true") || trimmed.equals("false") || trimmed.equals("null");

        check(BODY.render(in).body().equals(effective), "$input.body is the body");
        check(BASE64.render(in).body().equals(effective), "base64 round trip");
        check(URL.render(in).body().equals(effective), "url-encoding round trip");
        String escaped = ESCAPED.render(in).body();
        check(escaped.chars().noneMatch(c -> c < 0x20) && !escaped.replace("\\\\", "").replace("\\\"", "").contains("\""),
                "escapeJavaScript leaves a quote or a control character: %s", escaped);

        String written;
        try {
            written = JSON.render(in).body();
        } catch (MalformedJsonException malformed) {
            check(startsLikeJson && !json, "$input.json('$') refused a body that is JSON or not like it: %s", body);
            try {
                PATH.render(in);
                throw new AssertionError("$input.path('$') accepted what $input.json('$') refused: " + body);
            } catch (MalformedJsonException expected) {
                return;
            }
        } catch (TemplateRenderException failed) {
            throw new AssertionError("$input.json('$') failed on the body " + body, failed);
        }
        check(!(startsLikeJson && !json), "$input.json('$') accepted a malformed JSON body: %s", body);
        if (json && jsonLike) {
            check(written.isEmpty() == (document == null), "JSON null writes as nothing");
            if (document != null) {
                check(same(TemplateJson.parse(written), document), "%s written as %s reads back differently", body, written);
            }
        } else {
            check(TemplateJson.parse(written).equals(effective), "a text body %s is written as the JSON string %s", body, written);
        }

        // $util.parseJson reads the text as it is, where $input trims it (String.trim() drops control characters too)
        boolean jsonAsIs;
        try {
            TemplateJson.parse(effective);
            jsonAsIs = true;
        } catch (MalformedJsonException notJson) {
            jsonAsIs = false;
        }
        try {
            String parsed = PARSED.render(in).body();
            check(jsonAsIs, "parseJson accepted a body that is not JSON: %s", body);
            check(document != null || parsed.isEmpty(), "parseJson of null renders nothing");
        } catch (MalformedJsonException malformed) {
            check(!jsonAsIs, "parseJson refused the JSON body %s", body);
        }
    }

    /** JSON values alike (TemplateMap's get() gives the absent value for null, which its equals() trips on). */
    private static boolean same(Object a, Object b) {
        if (a instanceof java.util.Map<?, ?> x && b instanceof java.util.Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            var i = x.entrySet().iterator();
            var j = y.entrySet().iterator();
            while (i.hasNext()) {
                var e = i.next();
                var f = j.next();
                if (!e.getKey().equals(f.getKey()) || !same(e.getValue(), f.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof java.util.List<?> x && b instanceof java.util.List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int k = 0; k < x.size(); k++) {
                if (!same(x.get(k), y.get(k))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Double d && !Double.isFinite(d) || b instanceof Double e && !Double.isFinite(e)) {
            return a == null || b == null; // beyond double range: written as null
        }
        return java.util.Objects.equals(a, b);
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
