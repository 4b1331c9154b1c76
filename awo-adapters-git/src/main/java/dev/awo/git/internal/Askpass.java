package dev.awo.git.internal;

import dev.awo.git.GitHttpsCredentials;
import dev.awo.spi.sandbox.SandboxException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The {@code GIT_ASKPASS} helper: a script without secrets, written once under the base
 * directory's {@code credentials/} (mode 0700), that answers git's prompts for the listed hosts with
 * {@code x-access-token} and the token from {@code AWO_GIT_TOKEN}. Thread-safe; several JVMs may
 * write it at once (each writes a temporary file and moves it into place).
 */
public final class Askpass {
  /** The variable the helper reads the token from (its name makes the value redacted everywhere). */
  public static final String TOKEN_VARIABLE = "AWO_GIT_TOKEN";
  /** The variable listing the hosts, separated by spaces. */
  public static final String HOSTS_VARIABLE = "AWO_GIT_ASKPASS_HOSTS";

  private static final String SCRIPT = """
      #!/bin/sh
      # Written by awo: answers git's credential prompts for the hosts in $AWO_GIT_ASKPASS_HOSTS
      # with the token in $AWO_GIT_TOKEN. Holds no secret itself.
      for host in $AWO_GIT_ASKPASS_HOSTS; do
        case "$1" in
          "Username for '"*"://$host'"*) echo x-access-token; exit 0 ;;
          "Password for '"*"://$host'"*|"Password for '"*"@$host'"*) printf '%s\\n' "$AWO_GIT_TOKEN"; exit 0 ;;
        esac
      done
      exit 1
      """;

  private final Path script;
  private volatile boolean written;

  public Askpass(Path baseDirectory) {
    this.script = baseDirectory.resolve("credentials").resolve("git-askpass.sh");
  }

  /** The environment that lets git (awo's or an agent's) answer prompts with these credentials. */
  public Map<String, String> environment(GitHttpsCredentials credentials) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("GIT_ASKPASS", ensureWritten().toString());
    env.put(TOKEN_VARIABLE, credentials.token());
    env.put(HOSTS_VARIABLE, String.join(" ", new TreeSet<>(credentials.hosts())));
    return env;
  }

  private Path ensureWritten() {
    if (written) {
      return script;
    }
    synchronized (this) {
      try {
        Path dir = script.getParent();
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        if (!Files.isRegularFile(script) || !Files.readString(script, StandardCharsets.UTF_8).equals(SCRIPT)) {
          Path temp = Files.createTempFile(dir, "git-askpass", ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
          Files.writeString(temp, SCRIPT, StandardCharsets.UTF_8);
          Files.move(temp, script, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        written = true;
        return script;
      } catch (IOException | UnsupportedOperationException e) {
        throw new SandboxException("cannot write git's credential helper " + script + ": " + e.getMessage(), e);
      }
    }
  }
}
