package dev.awo.core.template;

import dev.awo.spi.template.CommandTemplate;
import dev.awo.spi.template.CommandTemplates;
import dev.awo.spi.template.TemplateNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The prompt templates awo ships for the default workflow's steps, read from the classpath under
 * {@code dev/awo/core/templates/NAME.md}.
 *
 * <pre>{@code
 * CommandTemplates templates = ClasspathCommandTemplates.defaults();
 * String prompt = templates.load("classifier").render(List.of(request));
 * }</pre>
 *
 * <p>This class is thread-safe.
 */
public final class ClasspathCommandTemplates implements CommandTemplates {
  private static final String ROOT = "dev/awo/core/templates/";
  private static final ClasspathCommandTemplates DEFAULTS = new ClasspathCommandTemplates();

  private ClasspathCommandTemplates() {}

  public static ClasspathCommandTemplates defaults() {
    return DEFAULTS;
  }

  @Override
  public CommandTemplate load(String name) {
    CommandTemplates.requireName(name);
    try (InputStream in = ClasspathCommandTemplates.class.getClassLoader().getResourceAsStream(ROOT + name + ".md")) {
      if (in == null) {
        throw new TemplateNotFoundException("No built-in prompt template named '" + name
            + "'; built-in templates live in awo-core under " + ROOT + ", or supply a directory of your own");
      }
      return new CommandTemplate(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Reading built-in template " + name, e);
    }
  }

  @Override
  public boolean contains(String name) {
    CommandTemplates.requireName(name);
    return ClasspathCommandTemplates.class.getClassLoader().getResource(ROOT + name + ".md") != null;
  }
}
