package io.tollgate.autoconfigure;

import com.sun.source.doctree.DocCommentTree;
import com.sun.source.doctree.DocTree;
import com.sun.source.doctree.EndElementTree;
import com.sun.source.doctree.EntityTree;
import com.sun.source.doctree.LinkTree;
import com.sun.source.doctree.LiteralTree;
import com.sun.source.doctree.ParamTree;
import com.sun.source.doctree.ReferenceTree;
import com.sun.source.doctree.StartElementTree;
import com.sun.source.doctree.TextTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import org.jspecify.annotations.Nullable;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Javadoc of the configuration's records and enums, read from their sources with the JDK's own compiler API
 * ({@code com.sun.source}: javac parses each file, {@link DocTrees} gives its doc comments as trees), and written as
 * Markdown: {@code {@code x}} becomes {@code `x`}, {@code {@link Foo#bar}} {@code `Foo.bar`} (or its label), HTML
 * tags and entities are dropped or decoded, and whitespace is collapsed. Javadoc is not there at run time, so the
 * tests that generate the schema and the reference read it here.
 */
final class JavadocReader implements ConfigurationSchema.Javadoc {

    private final List<Path> roots;
    private final Map<Path, Parsed> parsed = new HashMap<>();

    /** A file javac parsed, with the doc trees of its task. */
    private record Parsed(CompilationUnitTree unit, DocTrees trees) {
    }

    /** Reads sources under {@code roots}, the first that has a class's file winning. */
    JavadocReader(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /** This module's sources (and its tests'), and gateway-core's, for the core's enums; run from the module. */
    static JavadocReader ofThisModule() {
        return new JavadocReader(List.of(Path.of("src/main/java"), Path.of("src/test/java"),
                Path.of("../gateway-core/src/main/java")));
    }

    @Override
    public @Nullable String component(Class<?> record, String component) {
        DocCommentTree doc = doc(record, null);
        if (doc == null) {
            return null;
        }
        for (DocTree tag : doc.getBlockTags()) {
            if (tag instanceof ParamTree param && !param.isTypeParameter()
                    && param.getName().getName().contentEquals(component)) {
                return markdown(param.getDescription(), record);
            }
        }
        return null;
    }

    @Override
    public @Nullable String type(Class<?> type) {
        DocCommentTree doc = doc(type, null);
        return doc == null ? null : markdown(doc.getFullBody(), type);
    }

    @Override
    public @Nullable String constant(Enum<?> constant) {
        DocCommentTree doc = doc(constant.getDeclaringClass(), constant.name());
        return doc == null ? null : markdown(doc.getFullBody(), constant.getDeclaringClass());
    }

    /** The doc comment of {@code type}, or of its member {@code member} (an enum constant) when not null. */
    private @Nullable DocCommentTree doc(Class<?> type, @Nullable String member) {
        Deque<String> names = new ArrayDeque<>();
        Class<?> top = type;
        for (; top.getEnclosingClass() != null; top = top.getEnclosingClass()) {
            names.push(top.getSimpleName());
        }
        names.push(top.getSimpleName());
        Parsed file = parse(top);
        if (file == null) {
            return null;
        }
        TreePath path = new TreePath(file.unit());
        List<? extends Tree> members = file.unit().getTypeDecls();
        while (!names.isEmpty()) {
            String name = names.pop();
            ClassTree found = null;
            for (Tree tree : members) {
                if (tree instanceof ClassTree c && c.getSimpleName().contentEquals(name)) {
                    found = c;
                }
            }
            if (found == null) {
                return null;
            }
            path = new TreePath(path, found);
            members = found.getMembers();
        }
        if (member != null) {
            TreePath memberPath = null;
            for (Tree tree : members) {
                if (tree instanceof VariableTree v && v.getName().contentEquals(member)) {
                    memberPath = new TreePath(path, v);
                }
            }
            if (memberPath == null) {
                return null;
            }
            path = memberPath;
        }
        return file.trees().getDocCommentTree(path);
    }

    private @Nullable Parsed parse(Class<?> top) {
        String relative = top.getName().replace('.', '/') + ".java";
        for (Path root : roots) {
            Path file = root.resolve(relative).normalize();
            if (Files.isRegularFile(file)) {
                return parsed.computeIfAbsent(file, JavadocReader::parse);
            }
        }
        return null;
    }

    private static Parsed parse(Path file) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("reading Javadoc needs a JDK (javax.tools.ToolProvider has no compiler)");
        }
        StandardJavaFileManager files = compiler.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
        Iterable<? extends JavaFileObject> sources = files.getJavaFileObjects(file);
        JavacTask task = (JavacTask) compiler.getTask(null, files, diagnostic -> { }, List.of("-proc:none"), null,
                sources);
        try {
            CompilationUnitTree unit = task.parse().iterator().next();
            return new Parsed(unit, DocTrees.instance(task));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code trees} as Markdown on one line; {@code where} names the type in an error. */
    static String markdown(List<? extends DocTree> trees, Class<?> where) {
        StringBuilder out = new StringBuilder();
        for (DocTree tree : trees) {
            switch (tree.getKind()) {
                case TEXT -> out.append(((TextTree) tree).getBody());
                case CODE -> out.append(code(((LiteralTree) tree).getBody().getBody()));
                case LITERAL -> out.append(((LiteralTree) tree).getBody().getBody());
                case LINK, LINK_PLAIN -> {
                    LinkTree link = (LinkTree) tree;
                    String text = link.getLabel().isEmpty() ? readable(link.getReference())
                            : markdown(link.getLabel(), where);
                    out.append(tree.getKind() == DocTree.Kind.LINK && link.getLabel().isEmpty() ? code(text) : text);
                }
                case ENTITY -> out.append(entity(((EntityTree) tree).getName().toString(), where));
                case START_ELEMENT -> out.append(element(((StartElementTree) tree).getName().toString()));
                case END_ELEMENT -> out.append(element(((EndElementTree) tree).getName().toString()));
                default -> throw new IllegalArgumentException("Javadoc of " + where.getName() + ": no Markdown for "
                        + tree.getKind() + " (" + tree + ")");
            }
        }
        return out.toString().replaceAll("\\s+", " ").trim();
    }

    /** {@code text} as a Markdown code span, fenced with more backticks than it holds in a row. */
    static String code(String text) {
        int longest = 0;
        int run = 0;
        for (char c : text.toCharArray()) {
            run = c == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        String padded = text.startsWith("`") || text.endsWith("`") ? " " + text + " " : text;
        return fence + padded + fence;
    }

    /** {@code Foo#bar(int)} as {@code Foo.bar}, {@code #bar} as {@code bar}, {@code java.util.List} as {@code List}. */
    private static String readable(ReferenceTree reference) {
        String signature = reference.getSignature();
        int parenthesis = signature.indexOf('(');
        if (parenthesis >= 0) {
            signature = signature.substring(0, parenthesis);
        }
        int hash = signature.indexOf('#');
        String type = hash < 0 ? signature : signature.substring(0, hash);
        String member = hash < 0 ? "" : signature.substring(hash + 1);
        String simple = type.substring(type.lastIndexOf('.') + 1);
        return simple.isEmpty() ? member : member.isEmpty() ? simple : simple + "." + member;
    }

    /** An HTML element: code spans keep their meaning, anything else (paragraphs, emphasis) becomes a space. */
    private static String element(String name) {
        return name.equalsIgnoreCase("code") ? "`" : " ";
    }

    private static String entity(String name, Class<?> where) {
        if (name.startsWith("#x") || name.startsWith("#X")) {
            return Character.toString(Integer.parseInt(name.substring(2), 16));
        }
        if (name.startsWith("#")) {
            return Character.toString(Integer.parseInt(name.substring(1)));
        }
        return switch (name) {
            case "lt" -> "<";
            case "gt" -> ">";
            case "amp" -> "&";
            case "quot" -> "\"";
            case "apos" -> "'";
            case "nbsp" -> " ";
            default -> throw new IllegalArgumentException("Javadoc of " + where.getName() + ": unknown entity &"
                    + name + ";");
        };
    }
}
