package io.wali4j.core.spec;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the older script syntax that binaryen's copy of the suite still uses into the syntax
 * wast2json 1.0.32 reads, keeping every command on its line (so line numbers stay those of the
 * original file):
 *
 * <ul>
 *   <li>{@code (assert_return_canonical_nan A)} and {@code (assert_return_arithmetic_nan A)} become
 *       {@code (assert_return A (T.const nan:canonical))} (or {@code nan:arithmetic}). The result
 *       type T is taken from the export name ({@code "f64.promote_f32"}) or else the first
 *       argument; wast2json checks it against the function's type, so a wrong guess makes the
 *       conversion fail instead of weakening a test.
 *   <li>{@code (assert_trap A)} and {@code (assert_exhaustion A)} without a message get the empty
 *       message, so only the failure kind is checked for them.
 *   <li>{@code (memory (shared min max))} becomes {@code (memory min max shared)}.
 * </ul>
 */
final class BinaryenDialect {

  private static final Pattern ASSERTION =
      Pattern.compile(
          "\\((assert_return_(canonical|arithmetic)_nan|assert_trap|assert_exhaustion)\\b");
  private static final Pattern SHARED_LIMITS =
      Pattern.compile("\\(shared\\s+(\\d+)\\s+(\\d+)\\s*\\)");
  private static final Pattern TYPED_EXPORT =
      Pattern.compile("^\\(invoke\\s+(?:\\$\\S+\\s+)?\"(f32|f64)\\.");
  private static final Pattern FLOAT_ARG = Pattern.compile("\\((f32|f64)\\.const");

  private BinaryenDialect() {}

  static String normalize(String text) {
    StringBuilder out = new StringBuilder(text.length() + 64);
    Matcher m = ASSERTION.matcher(text);
    int pos = 0;
    while (m.find(pos)) {
      int actionStart = skipBlank(text, m.end());
      if (actionStart >= text.length() || text.charAt(actionStart) != '(') {
        pos = m.end();
        continue;
      }
      int actionEnd = sexprEnd(text, actionStart);
      String action = text.substring(actionStart, actionEnd);
      out.append(text, pos, m.start());
      if (m.group(2) != null) {
        out.append("(assert_return ")
            .append(action)
            .append(" (")
            .append(floatType(action))
            .append(".const nan:")
            .append(m.group(2))
            .append(')');
      } else {
        out.append(text, m.start(), actionEnd);
        int next = skipBlank(text, actionEnd);
        if (next < text.length() && text.charAt(next) == ')') {
          out.append(" \"\"");
        }
      }
      pos = actionEnd;
    }
    out.append(text, pos, text.length());
    return SHARED_LIMITS.matcher(out).replaceAll("$1 $2 shared");
  }

  private static String floatType(String action) {
    Matcher named = TYPED_EXPORT.matcher(action);
    if (named.find()) {
      return named.group(1);
    }
    Matcher arg = FLOAT_ARG.matcher(action);
    return arg.find() ? arg.group(1) : "f32";
  }

  /** The index after whitespace and comments (spec 6.2.4) from {@code i}. */
  private static int skipBlank(String s, int i) {
    while (i < s.length()) {
      if (Character.isWhitespace(s.charAt(i))) {
        i++;
      } else if (s.startsWith(";;", i)) {
        int nl = s.indexOf('\n', i);
        i = nl < 0 ? s.length() : nl;
      } else if (s.startsWith("(;", i)) {
        i = blockCommentEnd(s, i);
      } else {
        break;
      }
    }
    return i;
  }

  /** The index after the block comment (nestable) that starts at {@code i}. */
  private static int blockCommentEnd(String s, int i) {
    int depth = 0;
    while (i < s.length()) {
      if (s.startsWith("(;", i)) {
        depth++;
        i += 2;
      } else if (s.startsWith(";)", i)) {
        depth--;
        i += 2;
        if (depth == 0) {
          return i;
        }
      } else {
        i++;
      }
    }
    return i;
  }

  /** The index after the s-expression that opens at {@code i}, skipping strings and comments. */
  private static int sexprEnd(String s, int i) {
    int depth = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '"') {
        i++;
        while (i < s.length() && s.charAt(i) != '"') {
          i += s.charAt(i) == '\\' ? 2 : 1;
        }
        i++;
      } else if (s.startsWith(";;", i) || s.startsWith("(;", i)) {
        i = skipBlank(s, i);
      } else {
        if (c == '(') {
          depth++;
        } else if (c == ')' && --depth == 0) {
          return i + 1;
        }
        i++;
      }
    }
    return i;
  }
}
