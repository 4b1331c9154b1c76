package dev.awo.git.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The validated configuration every git command is run with. Immutable and thread-safe.
 *
 * @param baseDirectory absolute, normalised root of every sandbox, mirror and lock
 * @param gitExecutable the git program
 * @param timeout how long one git command may run before its process tree is killed
 * @param lockTimeout how long to wait for a mirror's lock
 * @param userName commit author and committer name
 * @param userEmail commit author and committer e-mail
 * @param sshCommand the value of {@code GIT_SSH_COMMAND}
 * @param allowCredentialsInUrls accept user:password@ in repository URLs
 * @param extraConfig additional {@code -c key=value} pairs, in order
 * @param launcher how processes are started
 * @param httpsCredentials the token for https remotes, or null for none
 * @param userGitConfig read the user's system and global git configuration
 * @param environment extra variables for every git process (a null value removes an inherited one)
 */
public record GitSettings(
    Path baseDirectory,
    String gitExecutable,
    Duration timeout,
    Duration lockTimeout,
    String userName,
    String userEmail,
    String sshCommand,
    boolean allowCredentialsInUrls,
    Map<String, String> extraConfig,
    GitProcessLauncher launcher,
    dev.awo.git.GitHttpsCredentials httpsCredentials,
    boolean userGitConfig,
    Map<String, String> environment) {

  public GitSettings {
    Objects.requireNonNull(baseDirectory, "baseDirectory");
    Objects.requireNonNull(gitExecutable, "gitExecutable");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(lockTimeout, "lockTimeout");
    Objects.requireNonNull(userName, "userName");
    Objects.requireNonNull(userEmail, "userEmail");
    Objects.requireNonNull(sshCommand, "sshCommand");
    extraConfig = Map.copyOf(extraConfig);
    Objects.requireNonNull(launcher, "launcher");
    environment = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(environment));
  }

  /** The -c options that go before every git subcommand. */
  List<String> configArguments() {
    List<String> args = new java.util.ArrayList<>(List.of(
        "-c", "protocol.ext.allow=never",
        "-c", "protocol.fd.allow=never",
        "-c", "gc.auto=0",
        "-c", "maintenance.auto=false",
        "-c", "core.fsmonitor=false",
        "-c", "advice.detachedHead=false",
        "-c", "user.name=" + userName,
        "-c", "user.email=" + userEmail));
    extraConfig.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> args.addAll(List.of("-c", e.getKey() + "=" + e.getValue())));
    return args;
  }
}
