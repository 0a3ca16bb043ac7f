package io.tollgate.core.mapping;

import org.apache.velocity.Template;
import org.apache.velocity.exception.ParseErrorException;
import org.apache.velocity.exception.TemplateInitException;
import org.apache.velocity.runtime.RuntimeConstants;
import org.apache.velocity.runtime.RuntimeInstance;
import org.apache.velocity.runtime.parser.ParseException;
import org.apache.velocity.runtime.parser.StandardParserConstants;
import org.apache.velocity.runtime.parser.Token;
import org.apache.velocity.runtime.parser.node.SimpleNode;
import org.jspecify.annotations.Nullable;

import java.io.StringReader;
import java.util.Properties;

/**
 * The one Velocity runtime of the gateway, configured as a sandbox: quiet references (null renders as nothing, as in
 * AWS), no resource loading, no includes, a whitelist of reachable objects, {@code #foreach} limited to 1,000
 * iterations (AWS's limit), bounded macro depth, ranges and output.
 */
final class TemplateEngine {

    /** AWS: at most 1,000 {@code #foreach} iterations. */
    static final int MAX_LOOPS = 1000;
    /** The largest text a render may produce or build up (characters). */
    static final long MAX_OUTPUT = 10L * 1024 * 1024;
    /** The largest {@code [a..b]} range (#foreach still stops after {@link #MAX_LOOPS} iterations). */
    static final int MAX_RANGE = 10_000;

    static final TemplateEngine INSTANCE = new TemplateEngine();

    private final RuntimeInstance runtime = new RuntimeInstance();

    private TemplateEngine() {
        Properties p = new Properties();
        p.setProperty("runtime.log.name", "io.tollgate.mapping.velocity");
        p.setProperty(RuntimeConstants.RESOURCE_LOADERS, "string");
        p.setProperty("resource.loader.string.class", "org.apache.velocity.runtime.resource.loader.StringResourceLoader");
        p.setProperty(RuntimeConstants.EVENTHANDLER_INCLUDE, TemplateGuards.NoIncludes.class.getName());
        p.setProperty(RuntimeConstants.EVENTHANDLER_REFERENCEINSERTION, TemplateGuards.InsertionBudget.class.getName());
        p.setProperty(RuntimeConstants.EVENTHANDLER_INVALIDREFERENCES, TemplateGuards.QuietReferences.class.getName());
        p.setProperty(RuntimeConstants.UBERSPECT_CLASSNAME, SandboxUberspector.class.getName());
        p.setProperty(RuntimeConstants.MAX_NUMBER_LOOPS, Integer.toString(MAX_LOOPS));
        p.setProperty(RuntimeConstants.VM_MAX_DEPTH, "20");
        p.setProperty(RuntimeConstants.DEFINE_DIRECTIVE_MAXDEPTH, "20");
        p.setProperty(RuntimeConstants.PARSE_DIRECTIVE_MAXDEPTH, "1");
        p.setProperty(RuntimeConstants.RUNTIME_REFERENCES_STRICT, "false");
        p.setProperty(RuntimeConstants.CHECK_EMPTY_OBJECTS, "true");
        p.setProperty(RuntimeConstants.SPACE_GOBBLING, "bc");
        p.setProperty(RuntimeConstants.RUNTIME_LOG_REFERENCE_LOG_INVALID, "false");
        p.setProperty("runtime.log.log_invalid_method_calls", "false");
        runtime.init(p);
    }

    /** Parses and initialises a template once; it may then be merged concurrently. */
    Template compile(String name, String source) {
        Template template = new Template();
        template.setName(name);
        template.setRuntimeServices(runtime);
        try {
            SimpleNode document = runtime.parse(new StringReader(source), template);
            GuardedIntegerRange.guard(document, template, MAX_RANGE);
            template.setData(document);
            template.initDocument();
        } catch (ParseException e) {
            Token next = e.currentToken == null ? null : e.currentToken.next;
            boolean atEnd = next == null || next.kind == StandardParserConstants.EOF;
            // Velocity reports a directive left open where the parse fails, often where the template ends: name it
            TemplateDirectives.Open open = TemplateDirectives.unclosed(source);
            if (open != null && (atEnd || !open.argumentsClosed())) {
                throw new TemplateSyntaxException(name, "at line " + open.line() + ", column " + open.column()
                        + ": " + open.describe(), open.line(), open.column());
            }
            int line = next == null ? 0 : next.beginLine;
            int column = next == null ? 0 : next.beginColumn;
            throw new TemplateSyntaxException(name, "at line " + line + ", column " + column + ": unexpected "
                    + (next == null || atEnd ? "end of template" : "\"" + next.image + "\""), line, column);
        } catch (ParseErrorException e) {
            throw new TemplateSyntaxException(name, "at line " + e.getLineNumber() + ", column " + e.getColumnNumber()
                    + ": " + withoutName(firstLine(e.getMessage()), name), e.getLineNumber(), e.getColumnNumber());
        } catch (TemplateInitException e) {
            throw new TemplateSyntaxException(name, "at line " + e.getLineNumber() + ", column " + e.getColumnNumber()
                    + ": " + withoutName(firstLine(e.getMessage()), name), e.getLineNumber(), e.getColumnNumber());
        } catch (TemplateLimitException e) {
            throw e;
        } catch (RuntimeException e) {
            // Velocity's node initialisation fails unchecked on some input it parsed: #set($a = #0) is a
            // NumberFormatException from its integer literal
            throw new TemplateSyntaxException(name, firstLine(e.toString()), 0, 0);
        } catch (StackOverflowError e) {
            // Velocity's parser and its node initialisation recurse once per level of nesting ((((, [[[[, #if(#if(
            throw new TemplateSyntaxException(name, "nested too deeply", 0, 0);
        }
        return template;
    }

    /** Velocity's message without the position it appends ({@code at NAME[line 1, column 2]}): ours says it. */
    private static String withoutName(String message, String name) {
        int at = message.lastIndexOf(" at " + name + "[line ");
        return at < 0 ? message : message.substring(0, at);
    }

    private static String firstLine(@Nullable String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
