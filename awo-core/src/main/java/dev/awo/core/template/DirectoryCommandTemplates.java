package dev.awo.core.template;

import dev.awo.domain.InvalidInputException;
import dev.awo.spi.template.CommandTemplate;
import dev.awo.spi.template.CommandTemplates;
import dev.awo.spi.template.TemplateNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prompt templates read from a directory of {@code NAME.md} files, such as a repository's {@code
 * .claude/commands/agent-work-orders/}, falling back to another source for names it lacks.
 *
 * <pre>{@code
 * CommandTemplates templates = DirectoryCommandTemplates.overriding(
 *     Path.of(".claude/commands/agent-work-orders"), ClasspathCommandTemplates.defaults());
 * }</pre>
 *
 * <p>Files are read on every {@code load}, so edits take effect for the next step. Names are
 * validated, so a name can never reach outside the directory. This class is thread-safe.
 */
public final class DirectoryCommandTemplates implements CommandTemplates {
  private final Path directory;
  private final CommandTemplates fallback;

  private DirectoryCommandTemplates(Path directory, CommandTemplates fallback) {
    if (directory == null) {
      throw new InvalidInputException("templateDirectory", "is required");
    }
    if (!Files.isDirectory(directory)) {
      throw new InvalidInputException("templateDirectory", directory + " is not a directory");
    }
    this.directory = directory.toAbsolutePath().normalize();
    this.fallback = fallback;
  }

  /** Templates from {@code directory} only. */
  public static DirectoryCommandTemplates of(Path directory) {
    return new DirectoryCommandTemplates(directory, null);
  }

  /** Templates from {@code directory}, and from {@code fallback} for the names it lacks. */
  public static DirectoryCommandTemplates overriding(Path directory, CommandTemplates fallback) {
    return new DirectoryCommandTemplates(directory, java.util.Objects.requireNonNull(fallback, "fallback"));
  }

  @Override
  public CommandTemplate load(String name) {
    Path file = fileFor(name);
    if (Files.isRegularFile(file)) {
      try {
        return new CommandTemplate(name, Files.readString(file, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException("Reading template " + file, e);
      }
    }
    if (fallback != null) {
      return fallback.load(name);
    }
    throw new TemplateNotFoundException("No prompt template '" + name + "': expected the file " + file);
  }

  @Override
  public boolean contains(String name) {
    return Files.isRegularFile(fileFor(name)) || fallback != null && fallback.contains(name);
  }

  private Path fileFor(String name) {
    CommandTemplates.requireName(name);
    return directory.resolve(name + ".md");
  }
}
