package dev.awo.spring.boot.autoconfigure;

import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.core.workflow.WorkflowJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternUtils;

/**
 * The workflow definitions read from {@code awo.workflows.locations}: each location is a directory
 * (ending in {@code /}: every {@code *.json} in it, by name), a pattern or one file. A file that
 * does not parse, two files defining the same workflow, or a location that matches nothing stop
 * the start with a message naming the file. Immutable and thread-safe.
 *
 * @param definitions the definitions, in the order of the locations and then by file name
 */
public record WorkflowDefinitions(List<WorkflowDefinition> definitions) {
  public WorkflowDefinitions {
    definitions = List.copyOf(definitions);
  }

  /** Reads every workflow at {@code locations}. */
  static WorkflowDefinitions load(List<String> locations, ResourceLoader loader) {
    ResourcePatternResolver resolver = ResourcePatternUtils.getResourcePatternResolver(loader);
    Map<String, String> sources = new LinkedHashMap<>();
    List<WorkflowDefinition> definitions = new ArrayList<>();
    for (String location : locations) {
      String pattern = location.endsWith("/") ? location + "*.json" : location;
      for (Resource resource : resources(resolver, pattern, location)) {
        WorkflowDefinition definition = parse(resource);
        String earlier = sources.putIfAbsent(definition.name(), resource.getDescription());
        if (earlier != null) {
          throw new IllegalStateException("awo.workflows.locations: workflow '" + definition.name()
              + "' is defined twice, in " + earlier + " and in " + resource.getDescription());
        }
        definitions.add(definition);
      }
    }
    return new WorkflowDefinitions(definitions);
  }

  private static List<Resource> resources(ResourcePatternResolver resolver, String pattern, String location) {
    try {
      List<Resource> found = new ArrayList<>(Arrays.stream(resolver.getResources(pattern)).filter(Resource::exists)
          .toList());
      if (found.isEmpty()) {
        throw nothingAt(location);
      }
      found.sort(Comparator.comparing(r -> String.valueOf(r.getFilename())));
      return found;
    } catch (java.io.FileNotFoundException e) {
      throw nothingAt(location);
    } catch (IOException e) {
      throw new IllegalStateException("awo.workflows.locations: cannot read '" + location + "': " + e.getMessage(), e);
    }
  }

  private static IllegalStateException nothingAt(String location) {
    return new IllegalStateException("awo.workflows.locations: '" + location + "' matches no workflow file "
        + "(a directory must exist and end with '/', e.g. classpath:awo/workflows/)");
  }

  private static WorkflowDefinition parse(Resource resource) {
    try (InputStream in = resource.getInputStream()) {
      return WorkflowJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("awo.workflows.locations: cannot read " + resource.getDescription() + ": "
          + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IllegalStateException("awo.workflows.locations: " + resource.getDescription()
          + " is not a valid workflow: " + e.getMessage(), e);
    }
  }
}
