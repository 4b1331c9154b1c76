package dev.awo.core.workflow;

import java.util.HashSet;
import java.util.Set;

/**
 * The names a node can bind as {@code $context.NAME}, and the names no node may take as its id:
 * {@link #RESERVED_NODE_IDS} ({@code context}, {@code prompt} and the context variables). The
 * compiler refuses a node with a reserved id.
 *
 * <p>Constants only; thread-safe.
 */
public final class ContextVariables {
  /** The scope of context values in bindings: {@code $context.task}. */
  public static final String SCOPE = "context";
  /** The step name under which follow-up prompts are recorded in a work order's history. */
  public static final String PROMPT_STEP = "prompt";

  public static final String WORK_ORDER_ID = "work_order_id";
  public static final String REPOSITORY_URL = "repository_url";
  public static final String USER_REQUEST = "user_request";
  /** The user request with the GitHub issue (title and body) folded in when there is one. */
  public static final String TASK = "task";
  public static final String ISSUE_NUMBER = "issue_number";
  public static final String ISSUE_TITLE = "issue_title";
  public static final String ISSUE_BODY = "issue_body";
  public static final String ISSUE_URL = "issue_url";
  /** The work branch, once the agent created it. */
  public static final String BRANCH = "branch";
  /** The branch the sandbox started on. */
  public static final String BASE_BRANCH = "base_branch";
  public static final String SANDBOX_TYPE = "sandbox_type";
  public static final String WORKFLOW = "workflow";

  /** Every context variable. */
  public static final Set<String> ALL = Set.of(WORK_ORDER_ID, REPOSITORY_URL, USER_REQUEST, TASK, ISSUE_NUMBER,
      ISSUE_TITLE, ISSUE_BODY, ISSUE_URL, BRANCH, BASE_BRANCH, SANDBOX_TYPE, WORKFLOW);

  /** Names no node may take as its id: the context scope, the prompt step and every context variable. */
  public static final Set<String> RESERVED_NODE_IDS = reserved();

  private ContextVariables() {}

  /** Why {@code id} is reserved, or null when a node may take it. */
  static String whyReserved(String id) {
    if (id.equals(SCOPE)) {
      return "'context' is reserved: it is the scope of $context.var bindings; choose another id";
    }
    if (id.equals(PROMPT_STEP)) {
      return "'prompt' is reserved: follow-up prompts are recorded as step 'prompt'; choose another id";
    }
    if (ALL.contains(id)) {
      return "'" + id + "' is reserved: it is a context variable ($context." + id + "); choose another id";
    }
    return null;
  }

  private static Set<String> reserved() {
    Set<String> names = new HashSet<>(ALL);
    names.add(SCOPE);
    names.add(PROMPT_STEP);
    return Set.copyOf(names);
  }
}
