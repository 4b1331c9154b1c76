package dev.awo.core.memory;

import static java.util.Objects.requireNonNull;

import dev.awo.spi.persistence.ConfiguredRepository;
import dev.awo.spi.persistence.ConfiguredRepositoryRepository;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The in-memory {@link ConfiguredRepositoryRepository} the example host and the Spring Boot
 * starter use when none is given; its entries live as long as the process.
 *
 * <pre>{@code
 * ConfiguredRepositoryRepository repositories = new InMemoryConfiguredRepositories();
 * }</pre>
 *
 * <p>This class is thread-safe (every method holds the instance's lock).
 */
public final class InMemoryConfiguredRepositories implements ConfiguredRepositoryRepository {
  private final Map<String, ConfiguredRepository> byId = new LinkedHashMap<>();

  @Override
  public synchronized void save(ConfiguredRepository repository) {
    requireNonNull(repository, "repository");
    Optional<ConfiguredRepository> sameUrl = findByUrl(repository.repositoryUrl());
    if (sameUrl.isPresent() && !sameUrl.get().id().equals(repository.id())) {
      throw new DuplicateRepositoryException(repository.repositoryUrl(), sameUrl.get().id());
    }
    byId.put(repository.id(), repository);
  }

  @Override
  public synchronized Optional<ConfiguredRepository> find(String id) {
    return Optional.ofNullable(byId.get(requireNonNull(id, "id")));
  }

  @Override
  public synchronized Optional<ConfiguredRepository> findByUrl(String repositoryUrl) {
    requireNonNull(repositoryUrl, "repositoryUrl");
    return byId.values().stream().filter(r -> r.repositoryUrl().equals(repositoryUrl)).findFirst();
  }

  @Override
  public synchronized List<ConfiguredRepository> list() {
    List<ConfiguredRepository> all = new ArrayList<>(byId.values());
    all.sort(Comparator.comparing(ConfiguredRepository::createdAt).thenComparing(ConfiguredRepository::id));
    return List.copyOf(all);
  }

  @Override
  public synchronized boolean delete(String id) {
    return byId.remove(requireNonNull(id, "id")) != null;
  }
}
