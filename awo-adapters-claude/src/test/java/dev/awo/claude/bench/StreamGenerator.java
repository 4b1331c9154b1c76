package dev.awo.claude.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A stand-in for the Claude Code CLI in benchmarks: prints stream-json lines as the real CLI does.
 *
 * <ul>
 *   <li>{@code latency COUNT INTERVAL_MS}: an init line, then COUNT assistant text lines, each
 *       carrying the instant it was printed ({@code ts=<epoch micros>}), flushed one by one,
 *       INTERVAL_MS apart; then a result line.
 *   <li>{@code volume BYTES}: an init line, then a realistic mix of assistant text, tool use and
 *       tool result lines until BYTES have been written, as fast as possible; then a result line.
 * </ul>
 * Standard input (the prompt) is drained first. Arguments before the mode (the CLI flags the
 * executor passes) are ignored: the mode is found by name.
 */
public final class StreamGenerator {
  static final String INIT = "{\"type\":\"system\",\"subtype\":\"init\",\"cwd\":\"/tmp\",\"session_id\":"
      + "\"bench-session\",\"tools\":[\"Bash\",\"Write\"],\"model\":\"claude-bench\"}";
  static final String RESULT = "{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,"
      + "\"api_error_status\":null,\"duration_ms\":1,\"duration_api_ms\":1,\"num_turns\":1,\"result\":\"ok\","
      + "\"session_id\":\"bench-session\",\"total_cost_usd\":0.01,\"usage\":{\"input_tokens\":1,"
      + "\"output_tokens\":1,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0}}";

  private StreamGenerator() {}

  public static void main(String[] args) throws Exception {
    System.in.readAllBytes();
    int mode = indexOf(args, "latency") >= 0 ? indexOf(args, "latency") : indexOf(args, "volume");
    if (mode < 0) {
      throw new IllegalArgumentException("expected 'latency COUNT INTERVAL_MS' or 'volume BYTES'");
    }
    if (args[mode].equals("latency")) {
      latency(Integer.parseInt(args[mode + 1]), Long.parseLong(args[mode + 2]));
    } else {
      volume(Long.parseLong(args[mode + 1]));
    }
  }

  private static void latency(int count, long intervalMillis) throws InterruptedException {
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    out.println(INIT);
    out.flush();
    for (int i = 0; i < count; i++) {
      Thread.sleep(intervalMillis);
      Instant now = Instant.now();
      long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
      out.println("{\"type\":\"assistant\",\"message\":{\"id\":\"msg_" + i + "\",\"content\":[{\"type\":\"text\","
          + "\"text\":\"ts=" + micros + "\"}]},\"session_id\":\"bench-session\"}");
      out.flush();
    }
    out.println(RESULT);
    out.flush();
  }

  private static void volume(long bytes) throws IOException {
    OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
    byte[][] lines = syntheticLines();
    out.write((INIT + "\n").getBytes(StandardCharsets.UTF_8));
    long written = 0;
    for (int i = 0; written < bytes; i++) {
      byte[] line = lines[i % lines.length];
      out.write(line);
      written += line.length;
    }
    out.write((RESULT + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** A realistic mix of transcript lines (text, tool use, a 4 KiB tool result), each ending in '\n'. */
  public static byte[][] syntheticLines() {
    String text = "I will look at the failing test and fix the parser. ".repeat(20);
    String fileBody = "public final class Example {\\n  int value;\\n}\\n".repeat(100);
    String usage = ",\"usage\":{\"input_tokens\":29322,\"output_tokens\":1,\"cache_creation_input_tokens\":0,"
        + "\"cache_read_input_tokens\":0}";
    String[] lines = {
        "{\"type\":\"assistant\",\"message\":{\"id\":\"msg_5ff1a8da8ca74eb7b8f2a774\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"model\":\"claude-sonnet-5\",\"content\":[{\"type\":\"text\",\"text\":\""
            + text + "\"}],\"stop_reason\":null" + usage + "},\"parent_tool_use_id\":null,"
            + "\"session_id\":\"eae5942f-0314-460a-887a-68da3c2d478c\",\"uuid\":\"26a4d7b3-144f-4f10-9028-1ba70d514723\"}",
        "{\"type\":\"assistant\",\"message\":{\"id\":\"msg_5ff1a8da8ca74eb7b8f2a774\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"model\":\"claude-sonnet-5\",\"content\":[{\"type\":\"tool_use\","
            + "\"id\":\"toolu_787f65256278475d91bc5d5a\",\"name\":\"Write\",\"input\":{\"file_path\":"
            + "\"/tmp/sandbox/src/Example.java\",\"content\":\"" + fileBody + "\"}}],\"stop_reason\":null" + usage
            + "},\"parent_tool_use_id\":null,\"session_id\":\"eae5942f-0314-460a-887a-68da3c2d478c\"}",
        "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[{\"tool_use_id\":"
            + "\"toolu_787f65256278475d91bc5d5a\",\"type\":\"tool_result\",\"content\":\"" + fileBody
            + "\",\"is_error\":false}]},\"parent_tool_use_id\":null,\"session_id\":"
            + "\"eae5942f-0314-460a-887a-68da3c2d478c\",\"tool_use_result\":{\"stdout\":\"" + fileBody
            + "\",\"stderr\":\"\",\"interrupted\":false}}",
    };
    byte[][] bytes = new byte[lines.length][];
    for (int i = 0; i < lines.length; i++) {
      bytes[i] = (lines[i] + "\n").getBytes(StandardCharsets.UTF_8);
    }
    return bytes;
  }

  private static int indexOf(String[] args, String value) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals(value)) {
        return i;
      }
    }
    return -1;
  }
}
