package dev.awo.core.workflow;

import dev.awo.domain.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The small, safe expression language of {@code condition} nodes: no scripting engine, no method
 * calls, nothing but comparisons of strings taken from earlier outputs.
 *
 * <pre>
 * expression := or
 * or         := and ( "or" and )*
 * and        := not ( "and" not )*
 * not        := "not" not | comparison
 * comparison := operand ( ( "==" | "!=" | "contains" ) operand )?
 * operand    := "(" expression ")" | STRING | $node.field | $context.var | true | false
 * STRING     := "double quoted" or 'single quoted', with \" \' \\ escapes
 * </pre>
 *
 * <p>Examples: {@code $tests.output contains "PASS"}, {@code $classify.kind == "bug" or
 * $classify.kind == "chore"}, {@code not ($review.output contains "LGTM")}. An expression that is a
 * comparison or a boolean operation has the value {@code true} or {@code false}; an expression that
 * is a single operand (value mode, e.g. {@code $classify.kind}) has that operand's text as its value.
 * A condition node takes the outgoing edges whose {@code when} equals the value. A binding to a node
 * that did not run (skipped) reads as the empty string. Operands of {@code and}, {@code or} and
 * {@code not} must be boolean (comparisons, boolean operations or {@code true}/{@code false});
 * that is checked when the expression is parsed.
 *
 * <pre>{@code
 * ConditionExpression e = ConditionExpression.parse("$tests.output contains \"PASS\"");
 * String value = e.evaluate(Map.of("tests", Map.of("output", "12 PASS")));   // "true"
 * }</pre>
 *
 * <p>Two expressions are equal when their texts are. Immutable and thread-safe.
 */
public final class ConditionExpression extends ParsedText {
  private final Expr root;
  private final List<BoundText.Reference> references;

  private ConditionExpression(String text, Expr root, List<BoundText.Reference> references) {
    super(text);
    this.root = root;
    this.references = List.copyOf(references);
  }

  /**
   * Parses {@code text}.
   *
   * @throws InvalidInputException (field {@code expression}) saying what is wrong and at which character
   */
  public static ConditionExpression parse(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidInputException("expression", "is empty");
    }
    Parser parser = new Parser(text);
    Expr root = parser.expression();
    if (parser.peek().kind != Kind.END) {
      throw parser.error("unexpected " + parser.peek().describe());
    }
    return new ConditionExpression(text, root, parser.references);
  }

  /** True when the value is {@code true} or {@code false}; false in value mode. */
  public boolean isBoolean() {
    return root.isBoolean();
  }

  /** The bindings the expression reads, in order. */
  public List<BoundText.Reference> references() {
    return references;
  }

  /** The value over {@code scopes} (scope name to field values): {@code true}, {@code false} or a text. */
  public String evaluate(Map<String, Map<String, String>> scopes) {
    return root.value(scopes);
  }


  private sealed interface Expr {
    String value(Map<String, Map<String, String>> scopes);

    boolean isBoolean();
  }

  private record Literal(String text, boolean bool) implements Expr {
    public String value(Map<String, Map<String, String>> scopes) { return text; }
    public boolean isBoolean() { return bool; }
  }

  private record Ref(BoundText.Reference ref) implements Expr {
    public String value(Map<String, Map<String, String>> scopes) {
      String v = ref.valueIn(scopes);
      return v == null ? "" : v;
    }
    public boolean isBoolean() { return false; }
  }

  private record Compare(String op, Expr left, Expr right) implements Expr {
    public String value(Map<String, Map<String, String>> scopes) {
      String l = left.value(scopes);
      String r = right.value(scopes);
      boolean result = switch (op) {
        case "==" -> l.equals(r);
        case "!=" -> !l.equals(r);
        default -> l.contains(r);
      };
      return Boolean.toString(result);
    }
    public boolean isBoolean() { return true; }
  }

  private record Logic(String op, Expr left, Expr right) implements Expr {
    public String value(Map<String, Map<String, String>> scopes) {
      boolean l = "true".equals(left.value(scopes));
      boolean result = switch (op) {
        case "and" -> l && "true".equals(right.value(scopes));
        case "or" -> l || "true".equals(right.value(scopes));
        default -> !l;
      };
      return Boolean.toString(result);
    }
    public boolean isBoolean() { return true; }
  }

  private enum Kind { LPAREN, RPAREN, EQ, NE, STRING, REF, WORD, END }

  private record Token(Kind kind, String text, int position) {
    String describe() {
      return kind == Kind.END ? "end of expression" : "'" + text + "' at character " + (position + 1);
    }
  }

  private static final class Parser {
    private final String text;
    private final List<Token> tokens;
    private static final int MAX_DEPTH = 64;
    private final List<BoundText.Reference> references = new ArrayList<>();
    private int next;
    private int depth;

    Parser(String text) {
      this.text = text;
      this.tokens = tokenize(text);
    }

    Token peek() {
      return tokens.get(next);
    }

    InvalidInputException error(String message) {
      return new InvalidInputException("expression", message + " in '" + dev.awo.spi.Arguments.excerpt(text) + "'");
    }

    Expr expression() {
      Expr left = and();
      while (isWord("or")) {
        next++;
        left = logic("or", left, and());
      }
      return left;
    }

    private Expr and() {
      Expr left = not();
      while (isWord("and")) {
        next++;
        left = logic("and", left, not());
      }
      return left;
    }

    private Expr not() {
      if (isWord("not")) {
        Token op = tokens.get(next++);
        deeper(op);
        Expr operand = not();
        depth--;
        requireBoolean(operand, "not", op);
        return new Logic("not", operand, operand);
      }
      return comparison();
    }

    private Expr comparison() {
      Expr left = operand();
      Token t = peek();
      String op = t.kind == Kind.EQ ? "==" : t.kind == Kind.NE ? "!=" : isWord("contains") ? "contains" : null;
      if (op == null) {
        return left;
      }
      next++;
      return new Compare(op, left, operand());
    }

    private Expr operand() {
      Token t = tokens.get(next);
      switch (t.kind) {
        case LPAREN -> {
          next++;
          deeper(t);
          Expr inner = expression();
          depth--;
          if (peek().kind != Kind.RPAREN) {
            throw error("expected ')' to close the '(' at character " + (t.position + 1) + " but found "
                + peek().describe());
          }
          next++;
          return inner;
        }
        case STRING -> {
          next++;
          return new Literal(t.text, false);
        }
        case REF -> {
          next++;
          BoundText.Reference ref = BoundText.of(t.text).references().get(0);
          references.add(ref);
          return new Ref(ref);
        }
        case WORD -> {
          if (t.text.equals("true") || t.text.equals("false")) {
            next++;
            return new Literal(t.text, true);
          }
          throw error("expected a value ($node.field, \"text\", true, false or '(') but found " + t.describe()
              + (t.text.matches("[A-Za-z_][A-Za-z0-9_]*") && !List.of("and", "or", "not", "contains").contains(t.text)
                  ? " (quote text as \"" + t.text + "\")" : ""));
        }
        default -> throw error("expected a value ($node.field, \"text\", true, false or '(') but found " + t.describe());
      }
    }

    private Expr logic(String op, Expr left, Expr right) {
      requireBoolean(left, op, null);
      requireBoolean(right, op, null);
      return new Logic(op, left, right);
    }

    private void requireBoolean(Expr e, String op, Token at) {
      if (!e.isBoolean()) {
        throw error("the operands of '" + op + "' must be comparisons or true/false, not a plain value "
            + "(write e.g. $x.output == \"yes\")");
      }
    }

    /** Guards the recursion: an expression nests at most {@value #MAX_DEPTH} levels of '(' and 'not'. */
    private void deeper(Token at) {
      if (++depth > MAX_DEPTH) {
        throw error("nests deeper than " + MAX_DEPTH + " levels of '(' or 'not' (at character " + (at.position + 1) + ")");
      }
    }

    private boolean isWord(String word) {
      Token t = peek();
      return t.kind == Kind.WORD && t.text.equals(word);
    }

    private List<Token> tokenize(String s) {
      List<Token> out = new ArrayList<>();
      int i = 0;
      while (i < s.length()) {
        char c = s.charAt(i);
        if (Character.isWhitespace(c)) {
          i++;
        } else if (c == '(') {
          out.add(new Token(Kind.LPAREN, "(", i++));
        } else if (c == ')') {
          out.add(new Token(Kind.RPAREN, ")", i++));
        } else if (s.startsWith("==", i)) {
          out.add(new Token(Kind.EQ, "==", i));
          i += 2;
        } else if (s.startsWith("!=", i)) {
          out.add(new Token(Kind.NE, "!=", i));
          i += 2;
        } else if (c == '"' || c == '\'') {
          int start = i++;
          StringBuilder value = new StringBuilder();
          boolean closed = false;
          while (i < s.length()) {
            char d = s.charAt(i++);
            if (d == '\\' && i < s.length()) {
              value.append(s.charAt(i++));
            } else if (d == c) {
              closed = true;
              break;
            } else {
              value.append(d);
            }
          }
          if (!closed) {
            throw error("the text starting at character " + (start + 1) + " has no closing " + c);
          }
          out.add(new Token(Kind.STRING, value.toString(), start));
        } else if (c == '$') {
          int start = i++;
          while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '.')) {
            i++;
          }
          String ref = s.substring(start, i);
          if (!ref.matches("\\$[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*")) {
            throw error("'" + ref + "' at character " + (start + 1) + " is not a binding ($node.field or $context.var)");
          }
          out.add(new Token(Kind.REF, ref, start));
        } else if (Character.isLetter(c)) {
          int start = i;
          while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
            i++;
          }
          out.add(new Token(Kind.WORD, s.substring(start, i), start));
        } else {
          String hint = c == '!' ? " (write 'not' or '!=')" : c == '&' ? " (write 'and')" : c == '|' ? " (write 'or')"
              : c == '=' ? " (write '==')" : "";
          throw error("unexpected character '" + c + "' at character " + (i + 1) + hint);
        }
      }
      out.add(new Token(Kind.END, "", s.length()));
      return out;
    }
  }
}
