package dev.awo.examples;

import dev.awo.core.WorkflowOrchestrator;
import dev.awo.domain.AwoException;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for the runner's work order to end and, while it waits at human gates, asks on the
 * terminal for a decision, one line at a time:
 *
 * <pre>
 *   a [GATE]            approve (the first waiting gate, or GATE)
 *   r [GATE] REASON     reject with a reason (the first waiting gate, or GATE)
 *   c                   cancel the work order
 * </pre>
 *
 * <p>Without a terminal ({@code interactive} false) it only says which gates wait and how to decide
 * them over HTTP. Standard input is read on a daemon thread, so the wait ends as soon as the work
 * order does, whatever the input is doing. Not thread-safe: one instance per wait.
 */
final class GatePrompt {
  /** The keys, as shown to the user. */
  static final String KEYS = "a [gate] approve, r [gate] reason reject, c cancel";

  private static final long POLL_MILLIS = 200;
  private static final String EOF = "\u0000eof";

  private final WorkflowOrchestrator orchestrator;
  private final WorkOrderId id;
  private final PrintStream out;
  private final boolean interactive;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private Map<String, String> shown = Map.of();

  GatePrompt(WorkflowOrchestrator orchestrator, WorkOrderId id, PrintStream out, boolean interactive) {
    this.orchestrator = orchestrator;
    this.id = id;
    this.out = out;
    this.interactive = interactive;
  }

  /** Waits for {@code end}, asking for decisions on {@code in} meanwhile when interactive. */
  WorkOrder await(CompletableFuture<WorkOrder> end, InputStream in) throws InterruptedException, ExecutionException {
    if (interactive) {
      startReading(in);
    }
    while (true) {
      try {
        return end.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        showGates();
        String line = interactive ? lines.poll() : null;
        if (line != null) {
          handle(line);
        }
      }
    }
  }

  private void startReading(InputStream in) {
    Thread reader = new Thread(() -> {
      try (BufferedReader input = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line = input.readLine(); line != null; line = input.readLine()) {
          lines.add(line);
        }
      } catch (IOException e) {
        // no more input: the run goes on, and the gate can still be decided over HTTP
      }
      lines.add(EOF);
    }, "awo-runner-stdin");
    reader.setDaemon(true);
    reader.start();
  }

  private void showGates() {
    Map<String, String> gates = orchestrator.waitingGates(id);
    if (gates.equals(shown)) {
      return;
    }
    shown = gates;
    gates.forEach((gate, message) -> out.println("  waiting    " + TerminalText.line(gate) + ": "
        + TerminalText.line(message)));
    if (!gates.isEmpty()) {
      out.println(interactive ? "  decide     " + KEYS + " (then Enter)"
          : "  decide     POST /agent-work-orders/" + id.value() + "/approve or /reject (no terminal to ask on)");
    }
    out.flush();
  }

  private void handle(String line) {
    if (line.equals(EOF)) {
      return;
    }
    String[] words = line.strip().split("\\s+", 2);
    String rest = words.length > 1 ? words[1].strip() : "";
    try {
      switch (words[0].toLowerCase(java.util.Locale.ROOT)) {
        case "a", "approve" -> {
          String gate = rest.isEmpty() ? firstGate() : rest;
          orchestrator.approve(id, gate);
          out.println("  approved   " + TerminalText.line(gate));
        }
        case "r", "reject" -> reject(rest);
        case "c", "cancel" -> out.println(orchestrator.cancel(id) ? "  cancelling" : "  already ended");
        case "" -> { }
        default -> out.println("  keys       " + KEYS);
      }
    } catch (AwoException e) {
      out.println("  " + AwoRunner.oneLine(e.getMessage()));
    }
    out.flush();
  }

  private void reject(String rest) {
    String[] parts = rest.split("\\s+", 2);
    boolean named = !rest.isEmpty() && shown.containsKey(parts[0]);
    String gate = named ? parts[0] : firstGate();
    String reason = named ? (parts.length > 1 ? parts[1].strip() : "") : rest;
    if (reason.isEmpty()) {
      out.println("  a rejection needs a reason: r [gate] REASON");
      return;
    }
    orchestrator.reject(id, gate, reason);
    out.println("  rejected   " + TerminalText.line(gate));
  }

  private String firstGate() {
    return shown.isEmpty() ? "" : shown.keySet().iterator().next();
  }
}
