package dev.awo.examples;

import dev.awo.examples.http.RepositoryCheck;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The runner's {@link RepositoryCheck}: a local path or {@code file://} URL must name an existing
 * git repository (a work tree with {@code .git}, or a bare repository), checked on the file system
 * without starting a process. Remote URLs pass here; whether they are reachable is the git
 * adapter's check.
 *
 * <pre>{@code
 * WorkOrderHttpServer.builder(orchestrator, hub).repositoryCheck(new LocalRepositoryCheck()).start();
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class LocalRepositoryCheck implements RepositoryCheck {
  /** A check with nothing to configure. */
  public LocalRepositoryCheck() {}

  @Override
  public Optional<String> problem(String repositoryUrl) {
    Path path;
    try {
      if (repositoryUrl.regionMatches(true, 0, "file://", 0, 7)) {
        path = Path.of(URI.create(repositoryUrl));
      } else if (repositoryUrl.contains("://") || repositoryUrl.matches("^[^/]+@[^/]+:.*")) {
        return Optional.empty();
      } else {
        path = Path.of(repositoryUrl);
      }
    } catch (IllegalArgumentException e) {
      return Optional.of("repository_url '" + repositoryUrl + "' is not a usable path or URL");
    }
    if (!path.isAbsolute()) {
      return Optional.of("a local repository must be an absolute path, got '" + repositoryUrl + "'");
    }
    if (!Files.isDirectory(path)) {
      return Optional.of("no directory " + path + " exists; give the path of a git repository");
    }
    boolean workTree = Files.exists(path.resolve(".git"));
    boolean bare = Files.isRegularFile(path.resolve("HEAD")) && Files.isDirectory(path.resolve("objects"))
        && Files.isDirectory(path.resolve("refs"));
    return workTree || bare ? Optional.empty()
        : Optional.of(path + " is not a git repository (no .git, and not a bare repository); run git init there first");
  }
}
