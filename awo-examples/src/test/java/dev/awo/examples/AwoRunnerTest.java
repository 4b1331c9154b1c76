package dev.awo.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.awo.core.workflow.DefaultWorkflow;
import dev.awo.domain.WorkOrderId;
import dev.awo.examples.demo.DemoRepository;
import dev.awo.examples.jdbc.JdbcStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(180)
class AwoRunnerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;

  record Run(int exit, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = AwoRunner.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("the embedded default run prints seven saves with step counts 1..7, each after its step started and before the next one")
  void embeddedDefaultJsonl() throws Exception {
    Run run = run("--events", "jsonl", "--workdir", temp.toString());
    assertEquals(0, run.exit(), run.err() + run.out());
    List<JsonNode> events = new ArrayList<>();
    for (String line : run.lines()) {
      JsonNode event = JSON.readTree(line); // every line of stdout is one JSON object
      assertTrue(event.isObject(), line);
      assertTrue(event.hasNonNull("event") && event.hasNonNull("agent_work_order_id") && event.hasNonNull("timestamp"),
          line);
      events.add(event);
    }
    List<Integer> saves = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).get("event").asText().equals("step_history_saved")) {
        saves.add(i);
      }
    }
    assertEquals(7, saves.size(), "seven saves");
    List<String> steps = DefaultWorkflow.STEPS;
    for (int k = 0; k < 7; k++) {
      JsonNode save = events.get(saves.get(k));
      assertEquals(steps.get(k), save.get("step").asText());
      assertEquals(k + 1, save.get("steps").asInt(), "the k-th save holds k results");
      assertEquals(k + 1, save.get("version").asLong());
      assertTrue(save.get("success").asBoolean(), save.toString());
      int started = indexOf(events, "step_started", steps.get(k));
      assertTrue(started >= 0 && started < saves.get(k), steps.get(k) + " was saved after it started");
      if (k < 6) {
        int next = indexOf(events, "step_started", steps.get(k + 1));
        assertTrue(saves.get(k) < next, steps.get(k) + " was saved before " + steps.get(k + 1) + " started");
      }
    }
    JsonNode last = events.get(events.size() - 1);
    assertEquals("status_changed", last.get("event").asText());
    assertEquals("completed", last.get("status").asText());
    assertTrue(events.stream().anyMatch(e -> e.get("event").asText().equals("agent_event")
        && "tool_use".equals(e.path("type").asText())), "the demo agent's git commands show as tool uses");
    String branch = last.get("work_order").get("git_branch_name").asText();
    assertTrue(branch.matches("feature-wo-[0-9a-f]{8}-add-a-greeting-for-new"), branch);
    assertTrue(DemoRepository.openOrCreate(temp).remoteBranches().contains(branch), "the branch was pushed");
  }

  private static int indexOf(List<JsonNode> events, String name, String step) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).get("event").asText().equals(name) && step.equals(events.get(i).path("step").asText())) {
        return i;
      }
    }
    return -1;
  }

  @Test
  @DisplayName("the embedded default run shows one line per step and a summary with the pushed branch and git's diff")
  void embeddedDefaultHumanOutput() {
    Run run = run("--workdir", temp.toString(), "--request", "Fix the crash when the greeting is empty");
    assertEquals(0, run.exit(), run.err() + run.out());
    List<String> lines = run.lines();
    List<String> stepLines = lines.stream().filter(l -> l.startsWith("[")).toList();
    assertEquals(7, stepLines.size(), run.out());
    for (int k = 0; k < 7; k++) {
      String line = stepLines.get(k);
      assertTrue(line.startsWith("[" + (k + 1) + "/7] " + DefaultWorkflow.STEPS.get(k)), line);
      assertTrue(line.contains(" ok "), line);
    }
    assertTrue(stepLines.get(0).endsWith("/bug"), "the demo agent classified the request by its words");
    assertTrue(run.out().contains("completed"), run.out());
    assertTrue(run.out().contains("pull request none - the repository is not on GitHub, so the branch was pushed"),
        run.out());
    assertTrue(run.out().contains("branch       bug-wo-"), run.out());
    assertTrue(run.out().contains("diff (git)   2 files changed, +"), run.out());
    assertEquals("", run.err());
  }

  @Test
  @DisplayName("with a JDBC store a second run finds the first run's work order and its saved history")
  void jdbcStoreOutlivesARun() {
    String store = "jdbc:h2:" + temp.resolve("store") + ";LOCK_TIMEOUT=20000";
    Run first = run("--workdir", temp.toString(), "--store", store);
    assertEquals(0, first.exit(), first.err() + first.out());
    Run second = run("--workdir", temp.toString(), "--store", store, "--sandbox", "worktree");
    assertEquals(0, second.exit(), second.err() + second.out());
    assertTrue(second.out().contains("(1 work order from earlier runs)"), second.out());
    try (JdbcStore jdbc = JdbcStore.open(store)) {
      assertEquals(2, jdbc.workOrders().list().size());
      WorkOrderId firstId = jdbc.workOrders().list().get(0).id();
      assertEquals(7, jdbc.stepHistories().find(firstId).orElseThrow().size());
    }
  }

  @Test
  @DisplayName("--help prints the options and exits 0")
  void help() {
    Run run = run("--help");
    assertEquals(0, run.exit());
    for (String option : List.of("--repo", "--request", "--issue", "--agent", "--sandbox", "--store", "--workdir",
        "--serve", "--events", "--workflow")) {
      assertTrue(run.out().contains(option), option);
    }
  }

  @Test
  @DisplayName("a bad command line is one line on stderr, exit 2, no stack trace, nothing run")
  void usageErrors() {
    for (String[] args : List.of(
        new String[] {"--frobnicate"},
        new String[] {"stray"},
        new String[] {"--issue", "abc"},
        new String[] {"--issue", "0"},
        new String[] {"--agent", "gpt"},
        new String[] {"--sandbox", "vm"},
        new String[] {"--store", "redis://x"},
        new String[] {"--serve", "99999"},
        new String[] {"--events", "xml"},
        new String[] {"--repo"},
        new String[] {"--repo", "https://github.com/acme/widgets"},
        new String[] {"--request", "a", "--request", "b"},
        new String[] {"--repo", "no/such/dir", "--request", "x"},
        new String[] {"--repo", "--upload-pack=evil", "--request", "x", "--workdir", "WORKDIR"},
        new String[] {"--workflow", "WORKDIR/missing.json", "--workdir", "WORKDIR"})) {
      String[] resolved = java.util.Arrays.stream(args).map(a -> a.replace("WORKDIR", temp.toString()))
          .toArray(String[]::new);
      Run run = run(resolved);
      String what = String.join(" ", resolved) + " → " + run.err();
      assertEquals(2, run.exit(), what);
      assertOneLineError(run, what);
    }
  }

  @Test
  @DisplayName("--workflow runs the workflow defined in the file instead of the default")
  void customWorkflow() throws Exception {
    Path file = temp.resolve("short.json");
    Files.writeString(file, """
        {"name": "short", "nodes": [
          {"id": "classify", "type": "agent_call", "template": "classifier", "arguments": ["$context.task"],
           "expects": "classification"},
          {"id": "plan", "type": "agent_call", "template": "planner_$classify.kind",
           "arguments": ["$context.work_order_id", "$context.task"]}],
         "edges": [{"from": "classify", "to": "plan"}]}
        """);
    Run run = run("--workflow", file.toString(), "--workdir", temp.toString(), "--events", "jsonl");
    assertEquals(0, run.exit(), run.err() + run.out());
    List<String> saved = run.lines().stream().map(l -> {
      try {
        return JSON.readTree(l);
      } catch (java.io.IOException e) {
        throw new AssertionError(l, e);
      }
    }).filter(e -> e.get("event").asText().equals("step_history_saved")).map(e -> e.get("step").asText()).toList();
    assertEquals(List.of("classify", "plan"), saved);
  }

  @Test
  @DisplayName("an invalid workflow file is one line naming its problems, exit 2")
  void invalidWorkflow() throws Exception {
    Path file = temp.resolve("wf.json");
    Files.writeString(file, "{\"name\": \"mine\", \"nodes\": [{\"id\": \"a\", \"type\": \"agent_call\"}]}");
    Run run = run("--workflow", file.toString(), "--workdir", temp.toString());
    assertEquals(2, run.exit(), run.err());
    assertOneLineError(run, run.err());
    Files.writeString(file, "{not json");
    Run malformed = run("--workflow", file.toString(), "--workdir", temp.toString());
    assertEquals(2, malformed.exit(), malformed.err());
    assertOneLineError(malformed, malformed.err());
  }

  @Test
  @DisplayName("a store that cannot be opened is one line without the password, exit 1")
  void unusableStore() {
    Run run = run("--workdir", temp.toString(), "--store",
        "jdbc:postgresql://127.0.0.1:1/awo?user=awo&password=s3cr3t-pw");
    assertEquals(1, run.exit(), run.err());
    assertOneLineError(run, run.err());
    assertFalse(run.err().contains("s3cr3t-pw"), run.err());
  }

  @Test
  @DisplayName("a store that cannot be opened leaves no temporary working directory behind")
  void unusableStoreLeavesNoTempDir() throws Exception {
    java.util.function.Supplier<List<String>> tempDirs = () -> {
      try (var entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
        return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("awo-runner-")).sorted().toList();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
    List<String> before = tempDirs.get();
    Run run = run("--store", "jdbc:postgresql://127.0.0.1:1/awo?user=awo&password=x");
    assertEquals(1, run.exit(), run.err());
    assertEquals(before, tempDirs.get());
  }

  private static void assertOneLineError(Run run, String what) {
    assertEquals(1, run.err().lines().count(), what);
    assertTrue(run.err().startsWith("awo: "), what);
    assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), what);
  }
}
