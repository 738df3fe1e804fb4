package io.shoplens.profile;

import io.shoplens.core.data.DataException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule tags: each a name and a SQL boolean expression over named profile columns, read from one readable file
 * (the default is {@code io/shoplens/profile/tags.properties} in the jar):
 *
 * <pre>
 * # comment
 * night-owl = night_share &gt;= 0.4 AND events &gt;= 20
 * </pre>
 *
 * <p>Names are lower-case letters, digits and dashes. An expression may use column names of
 * {@link ProfileSql#COLUMNS} (except {@code tags}), numbers, single-quoted strings, comparison and arithmetic
 * operators, parentheses, commas and the words AND, OR, NOT, IS, NULL, TRUE, FALSE, IN, BETWEEN, LIKE. Anything
 * else fails at load with a message naming the file, line and offending word, so a rule never reaches an engine
 * unchecked. A tag applies when its expression is true (NULL, e.g. a price rule without prices, does not apply).
 * Immutable.
 */
public final class TagRules {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern TOKEN = Pattern.compile(
            "\\s*(?:(?<id>[A-Za-z_][A-Za-z0-9_]*)|(?<num>\\d+(?:\\.\\d+)?)|(?<str>'[^']*')"
                    + "|(?<op><=|>=|<>|!=|=|<|>|\\+|-|\\*|/|\\(|\\)|,))");
    private static final Set<String> WORDS = Set.of("AND", "OR", "NOT", "IS", "NULL", "TRUE", "FALSE", "IN",
            "BETWEEN", "LIKE");

    /** One rule. */
    public record Rule(String name, String expression) {
    }

    private final List<Rule> rules;
    private final String source;

    private TagRules(List<Rule> rules, String source) {
        this.rules = List.copyOf(rules);
        this.source = source;
    }

    /** The rules, in file order. */
    public List<Rule> rules() {
        return rules;
    }

    /** Where the rules came from, for reports. */
    public String source() {
        return source;
    }

    /** The default rules shipped in the jar. */
    public static TagRules defaults() {
        String res = "tags.properties";
        try (InputStream in = TagRules.class.getResourceAsStream(res)) {
            if (in == null) {
                throw new IllegalStateException("the jar has no " + res);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in " + res);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in " + res + ": " + e.getMessage(), e);
        }
    }

    /** Rules read from {@code file}. */
    public static TagRules load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new DataException("cannot read tag rules " + file + ": " + e.getMessage(), e);
        }
    }

    /** Rules from the text of a rules file named {@code source} (for messages). */
    public static TagRules parse(String text, String source) {
        List<Rule> rules = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + " line " + (i + 1);
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new DataException(where + ": expected 'name = expression', got '" + line + "'");
            }
            String name = line.substring(0, eq).strip();
            String expr = line.substring(eq + 1).strip();
            if (!NAME.matcher(name).matches()) {
                throw new DataException(where + ": tag name '" + name + "' must be lower-case letters, digits and "
                        + "dashes");
            }
            if (!names.add(name)) {
                throw new DataException(where + ": tag '" + name + "' is defined twice");
            }
            if (expr.isEmpty()) {
                throw new DataException(where + ": tag '" + name + "' has no expression");
            }
            check(expr, where + ", tag '" + name + "'");
            rules.add(new Rule(name, expr));
        }
        return new TagRules(rules, source);
    }

    private static void check(String expr, String where) {
        Matcher m = TOKEN.matcher(expr);
        int pos = 0;
        int depth = 0;
        while (pos < expr.length()) {
            if (expr.substring(pos).isBlank()) {
                break;
            }
            if (!m.find(pos) || m.start() != pos) {
                throw new DataException(where + ": cannot read '" + expr.substring(pos).strip() + "' in '" + expr
                        + "'");
            }
            String id = m.group("id");
            if (id != null && !WORDS.contains(id.toUpperCase(Locale.ROOT))) {
                String col = id.toLowerCase(Locale.ROOT);
                if (!ProfileSql.COLUMNS.contains(col) || col.equals("tags")) {
                    throw new DataException(where + ": unknown column '" + id + "'; columns: "
                            + ProfileSql.COLUMNS.subList(0, ProfileSql.COLUMNS.size() - 1));
                }
            }
            if ("(".equals(m.group("op"))) {
                depth++;
            } else if (")".equals(m.group("op")) && --depth < 0) {
                throw new DataException(where + ": unbalanced ')' in '" + expr + "'");
            }
            pos = m.end();
        }
        if (depth != 0) {
            throw new DataException(where + ": unbalanced '(' in '" + expr + "'");
        }
    }

    /**
     * The SQL expression of the {@code tags} column over a row of profile columns: the names of the rules that
     * hold, comma-separated ({@code concat_ws} skips the NULLs of rules that do not).
     */
    public String sqlColumn() {
        if (rules.isEmpty()) {
            return "''";
        }
        StringBuilder sb = new StringBuilder("concat_ws(','");
        for (Rule r : rules) {
            sb.append(", CASE WHEN (").append(r.expression()).append(") THEN '").append(r.name()).append("' END");
        }
        return sb.append(")").toString();
    }
}
