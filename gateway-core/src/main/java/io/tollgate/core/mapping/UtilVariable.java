package io.tollgate.core.mapping;

import org.apache.commons.lang3.StringEscapeUtils;
import org.jspecify.annotations.Nullable;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** {@code $util}: Amazon API Gateway's template utilities. */
public final class UtilVariable {

    static final UtilVariable INSTANCE = new UtilVariable();

    private UtilVariable() {
    }

    /** JavaScript string escaping: {@code "} → {@code \"}, {@code '} → {@code \'} (as AWS), control characters. */
    @SuppressWarnings("deprecation") // commons-text is not worth a dependency for this one function
    public String escapeJavaScript(@Nullable Object value) {
        return value == null ? "" : StringEscapeUtils.escapeEcmaScript(value.toString());
    }

    /** A JSON string to an object templates can navigate ({@code $util.parseJson($s).key[0]}). */
    public Object parseJson(@Nullable Object value) {
        if (value == null) {
            return Absent.INSTANCE;
        }
        Object parsed = TemplateJson.parse(value.toString());
        return parsed == null ? Absent.INSTANCE : parsed;
    }

    /** {@code application/x-www-form-urlencoded} encoding (space → {@code +}); null → empty. */
    public String urlEncode(@Nullable Object value) {
        return value == null ? "" : URLEncoder.encode(value.toString(), StandardCharsets.UTF_8);
    }

    /** {@code application/x-www-form-urlencoded} decoding ({@code +} → space). */
    public String urlDecode(@Nullable Object value) {
        if (value == null) {
            return "";
        }
        try {
            return URLDecoder.decode(value.toString(), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new TemplateRenderException("urlDecode of malformed input", e);
        }
    }

    /** Standard base64 of the UTF-8 text. */
    public String base64Encode(@Nullable Object value) {
        return value == null ? "" : Base64.getEncoder().encodeToString(value.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The UTF-8 text of standard base64. */
    public String base64Decode(@Nullable Object value) {
        if (value == null) {
            return "";
        }
        try {
            return new String(Base64.getDecoder().decode(value.toString().trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new TemplateRenderException("base64Decode of malformed input", e);
        }
    }

    /** {@code $util} itself renders as nothing, not as a Java class name and identity hash. */
    @Override
    public String toString() {
        return "";
    }
}
