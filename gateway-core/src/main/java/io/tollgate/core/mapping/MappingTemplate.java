package io.tollgate.core.mapping;

import org.apache.velocity.Template;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.exception.MethodInvocationException;
import org.apache.velocity.exception.VelocityException;
import org.jspecify.annotations.Nullable;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A mapping template in the Velocity Template Language, evaluated as Amazon API Gateway evaluates it, with
 * {@code $input}, {@code $util}, {@code $context} and {@code $stageVariables}. Compiled once; rendering is
 * thread-safe. Templates run in a sandbox: only those variables and JSON values are reachable, no includes, at most
 * 1,000 loop iterations, bounded output.
 *
 * <pre>{@code
 * MappingTemplate template = MappingTemplate.compile("{\"id\": \"$input.params('id')\"}");
 * TemplateResult result = template.render(TemplateInput.builder().pathParameter("id", "7").build());
 * result.body();   // {"id": "7"}
 * }</pre>
 */
public final class MappingTemplate {

    private final String source;
    private final Template template;

    private MappingTemplate(String source, Template template) {
        this.source = source;
        this.template = template;
    }

    /** Compiles a template; throws {@link TemplateSyntaxException} (with line and column) when it does not parse. */
    public static MappingTemplate compile(String vtl) {
        return compile("template", vtl);
    }

    /** Compiles a template named {@code name} in error messages. */
    public static MappingTemplate compile(String name, String vtl) {
        Objects.requireNonNull(vtl, "vtl");
        return new MappingTemplate(vtl, TemplateEngine.INSTANCE.compile(name, vtl));
    }

    public String source() {
        return source;
    }

    /**
     * Renders the template.
     *
     * @throws MalformedJsonException  when the template reads a malformed JSON body (the gateway answers 400)
     * @throws TemplateRenderException when rendering fails otherwise (the gateway answers 500)
     */
    public TemplateResult render(TemplateInput input) {
        return render(input, TemplateSession.start(input.context()));
    }

    /**
     * Renders the template within {@code session}: the {@code $context} it reads and writes (overrides included)
     * is the session's, so a response template sees what the request template set, as in AWS. Input's own context
     * values are ignored here; the session's are used.
     */
    public TemplateResult render(TemplateInput input, TemplateSession session) {
        Map<String, Object> context = session.context();
        @SuppressWarnings("unchecked")
        Map<String, Object> responseOverride = (Map<String, Object>) context.get("responseOverride");
        @SuppressWarnings("unchecked")
        Map<String, Object> requestOverride = (Map<String, Object>) context.get("requestOverride");
        VelocityContext velocity = new VelocityContext();
        velocity.put("input", new InputVariable(input.body(), input.pathParameters(), input.queryParameters(), input.headers()));
        velocity.put("util", UtilVariable.INSTANCE);
        velocity.put("context", context);
        velocity.put("stageVariables", new TemplateMap(input.stageVariables()));
        velocity.put("null", Absent.INSTANCE);
        velocity.put(TemplateGuards.BUDGET_KEY, new TemplateGuards.Budget(TemplateEngine.MAX_OUTPUT));
        StringWriter out = new StringWriter();
        try {
            template.merge(velocity, new BoundedWriter(out, TemplateEngine.MAX_OUTPUT));
        } catch (MethodInvocationException e) {
            Throwable cause = e.getCause();
            if (cause instanceof MalformedJsonException malformed) {
                throw malformed;
            }
            throw new TemplateRenderException("mapping template failed: " + e.getMessage(), e);
        } catch (MalformedJsonException e) {
            throw e;
        } catch (VelocityException | TemplateLimitException | TemplateRenderException | BoundedWriter.LimitExceeded e) {
            throw new TemplateRenderException("mapping template failed: " + e.getMessage(), e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new TemplateRenderException("mapping template failed", e);
        }
        @SuppressWarnings("NullAway") // the session's context holds both overrides from its start
        TemplateResult result = new TemplateResult(out.toString(), status(responseOverride.get("status")),
                strings(responseOverride.get("header")), strings(requestOverride.get("header")),
                strings(requestOverride.get("querystring")), strings(requestOverride.get("path")));
        return result;
    }

    private static OptionalInt status(@Nullable Object value) {
        if (value == null || value == Absent.INSTANCE) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(value instanceof Number n ? n.intValue() : Integer.parseInt(value.toString().trim()));
        } catch (NumberFormatException e) {
            throw new TemplateRenderException("$context.responseOverride.status is not a number: " + value, e);
        }
    }

    private static Map<String, String> strings(@Nullable Object value) {
        if (!(value instanceof Map<?, ?> map) || map.isEmpty()) {
            return Map.of();
        }
        Map<String, String> result = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (k != null && v != null && v != Absent.INSTANCE) {
                result.put(k.toString(), v instanceof Iterable<?> list ? String.join(",", strings(list)) : v.toString());
            }
        });
        return result;
    }

    private static Iterable<String> strings(Iterable<?> list) {
        List<String> result = new ArrayList<>();
        list.forEach(item -> result.add(String.valueOf(item)));
        return result;
    }
}
