import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds the consumer projects from templates and the README's code blocks, so that the README
 * cannot rot: every fenced block right after a {@code <!-- snippet:NAME -->} line is a snippet; a
 * template line {@code // README: NAME} or {@code <!-- README: NAME -->} is replaced by it,
 * verbatim. A template folder with an {@code extends.txt} naming another starts as a copy of that
 * one, then its own files replace or add to it. Fails on a placeholder naming no snippet and on a
 * snippet that no template uses.
 *
 * <pre>java src/build/ReadmeSnippets.java ../README.md src/it/templates target/it-projects</pre>
 */
public final class ReadmeSnippets {
  private static final Pattern MARKER = Pattern.compile("^<!-- snippet:([a-z0-9-]+) -->$");
  private static final Pattern PLACEHOLDER = Pattern.compile("^\\s*(?://|<!--)\\s*README:\\s*([a-z0-9-]+)\\s*(?:-->)?\\s*$");

  public static void main(String[] args) throws IOException {
    Map<String, String> snippets = snippets(Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8));
    Path templates = Path.of(args[1]);
    Path out = Path.of(args[2]);
    Set<String> used = new TreeSet<>();
    try (Stream<Path> projects = Files.list(templates)) {
      for (Path project : projects.filter(Files::isDirectory).sorted().toList()) {
        Path target = out.resolve(project.getFileName());
        Path base = project.resolve("extends.txt");
        if (Files.exists(base)) {
          copy(templates.resolve(Files.readString(base).strip()), target, snippets, used);
        }
        copy(project, target, snippets, used);
      }
    }
    Set<String> unused = new TreeSet<>(snippets.keySet());
    unused.removeAll(used);
    if (!unused.isEmpty()) {
      throw new IllegalStateException("README snippets that no consumer project compiles: " + unused);
    }
    System.out.println("[readme-snippets] " + snippets.size() + " README snippets placed in " + out);
  }

  static Map<String, String> snippets(List<String> readme) {
    Map<String, String> snippets = new LinkedHashMap<>();
    for (int i = 0; i < readme.size(); i++) {
      Matcher marker = MARKER.matcher(readme.get(i).strip());
      if (!marker.matches()) {
        continue;
      }
      if (i + 1 >= readme.size() || !readme.get(i + 1).startsWith("```")) {
        throw new IllegalStateException("README line " + (i + 1) + ": a snippet marker must stand right above a ``` fence");
      }
      List<String> body = new ArrayList<>();
      int j = i + 2;
      while (j < readme.size() && !readme.get(j).startsWith("```")) {
        body.add(readme.get(j++));
      }
      if (j >= readme.size()) {
        throw new IllegalStateException("README line " + (i + 2) + ": the code block never ends");
      }
      if (snippets.put(marker.group(1), String.join("\n", body)) != null) {
        throw new IllegalStateException("README snippet '" + marker.group(1) + "' is marked twice");
      }
      i = j;
    }
    return snippets;
  }

  private static void copy(Path from, Path to, Map<String, String> snippets, Set<String> used) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String relative = from.relativize(file).toString();
        if (relative.equals("extends.txt")) {
          continue;
        }
        Path target = to.resolve(relative);
        Files.createDirectories(target.getParent());
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          Matcher placeholder = PLACEHOLDER.matcher(line);
          if (!placeholder.matches()) {
            lines.add(line);
            continue;
          }
          String snippet = snippets.get(placeholder.group(1));
          if (snippet == null) {
            throw new IllegalStateException(file + " asks for README snippet '" + placeholder.group(1)
                + "', which README.md does not mark; marked: " + snippets.keySet());
          }
          used.add(placeholder.group(1));
          lines.add(snippet);
        }
        try {
          Files.writeString(target, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }
}
