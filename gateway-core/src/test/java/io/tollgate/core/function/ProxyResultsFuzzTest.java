package io.tollgate.core.function;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tollgate.core.pipeline.Reply;
import net.minidev.json.JSONValue;
import net.minidev.json.parser.JSONParser;
import net.minidev.json.parser.ParseException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import static io.tollgate.testsupport.Fuzz.check;
import static io.tollgate.testsupport.Fuzz.text;

/**
 * Fuzzes the reading of a function's proxy response, as JSON text and as the object a Java function would return.
 * Whatever the function answers, the gateway either has a reply it can write (a status of 100 to 599, header names that
 * are tokens, values without CR, LF, NUL or other control characters) or a {@link ProxyResults.MalformedResultException}
 * (502); never another exception. Text and object give the same reply; an explicit response keeps its status and body.
 */
class ProxyResultsFuzzTest {

    @FuzzTest
    void v1(byte[] input) {
        String text = text(input);
        Reply fromText = read(() -> ProxyResults.v1(text, type -> type != null && type.startsWith("image/")));
        Object parsed = parse(text);
        if (parsed != null) {
            Reply fromObject = read(() -> ProxyResults.v1(parsed, type -> type != null && type.startsWith("image/")));
            checkSame(fromText, fromObject, text);
        }
        if (fromText == null) {
            return;
        }
        check(parsed instanceof Map<?, ?> map && !map.isEmpty(), "1.0 accepted something that is no JSON object: %s", text);
        checkExplicit(fromText, (Map<?, ?>) parsed, false);
    }

    @FuzzTest
    void v2(byte[] input) {
        String text = text(input);
        Reply fromText = read(() -> ProxyResults.v2(text));
        String trimmed = text.trim();
        Object parsed = trimmed.startsWith("{") || trimmed.startsWith("[") || trimmed.startsWith("\"") ? parse(text) : null;
        if (parsed != null && !(parsed instanceof String)) {
            // a String result is JSON text to ProxyResults: the parsed string would be parsed once more
            checkSame(fromText, read(() -> ProxyResults.v2(parsed)), text);
        }
        if (fromText == null) {
            return;
        }
        if (parsed instanceof Map<?, ?> map && map.containsKey("statusCode")) {
            checkExplicit(fromText, map, true);
            return;
        }
        check(fromText.status() == 200 && "application/json".equals(fromText.headers().get("content-type")),
                "a result without statusCode is a 200 JSON body: %s", text);
        String body = new String(fromText.bytes(), StandardCharsets.UTF_8);
        String expected = parsed == null ? text : parsed instanceof String s ? s : JSONValue.toJSONString(parsed);
        check(body.equals(expected), "the body of %s is %s", text, body);
    }

    private static void checkExplicit(Reply reply, Map<?, ?> map, boolean v2) {
        Object status = map.get("statusCode");
        if (status instanceof Number n) {
            check(reply.status() == n.doubleValue(), "statusCode %s answered as %s", status, reply.status());
        } else if (status instanceof String s) {
            check(reply.status() == Integer.parseInt(s.trim()), "statusCode '%s' answered as %s", s, reply.status());
        } else {
            check(status == null && reply.status() == 200, "statusCode %s answered as %s", status, reply.status());
        }
        Object body = map.get("body");
        boolean base64 = Boolean.TRUE.equals(map.get("isBase64Encoded"));
        String type = reply.headers().get("content-type");
        if (body == null) {
            check(reply.bytes().length == 0, "no body, no bytes");
        } else if (base64 && (v2 || type != null && type.startsWith("image/"))) {
            check(Arrays.equals(reply.bytes(), java.util.Base64.getDecoder().decode(((String) body).trim())), "base64");
        } else {
            check(Arrays.equals(reply.bytes(), ((String) body).getBytes(StandardCharsets.UTF_8)), "body as UTF-8");
        }
    }

    /** The reply, or null for a malformed result; any other exception fails the test. */
    private static Reply read(java.util.function.Supplier<Reply> reading) {
        Reply reply;
        try {
            reply = reading.get();
        } catch (ProxyResults.MalformedResultException malformed) {
            return null;
        }
        check(reply.status() >= 100 && reply.status() <= 599, "status %s", reply.status());
        reply.headers().forEach(header -> {
            check(isToken(header.getKey()), "header name %s", header.getKey());
            check(isFieldValue(header.getValue()), "value %s of header %s", header.getValue(), header.getKey());
        });
        return reply;
    }

    private static void checkSame(Reply fromText, Reply fromObject, String text) {
        check((fromText == null) == (fromObject == null), "text and object disagree on %s", text);
        if (fromText != null) {
            check(fromText.status() == fromObject.status() && Arrays.equals(fromText.bytes(), fromObject.bytes())
                    && entries(fromText).equals(entries(fromObject)),
                    "text and object give different replies for %s", text);
        }
    }

    private static java.util.List<String> entries(Reply reply) {
        return reply.headers().entries().stream().map(e -> e.getKey() + ": " + e.getValue()).toList();
    }

    private static Object parse(String text) {
        // as ProxyResults reads it: trimmed (String.trim() also drops control characters around the text)
        if (io.tollgate.core.response.Json.jsonSmartLeniency(text.trim()) >= 0) {
            return null; // not JSON, though json-smart may read it
        }
        try {
            return new JSONParser(JSONParser.MODE_RFC4627).parse(text.trim());
        } catch (ParseException | RuntimeException | StackOverflowError notJson) {
            return null;
        }
    }

    private static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 32 || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** RFC 9110 field-value characters: no control character but HTAB (Netty writes chars above 0xFF as '?'). */
    private static boolean isFieldValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
