package dev.awo.core.workflow;

import java.util.Set;

/** The names a node can bind as {@code $context.NAME}. */
public final class ContextVariables {
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

  public static final Set<String> ALL = Set.of(WORK_ORDER_ID, REPOSITORY_URL, USER_REQUEST, TASK, ISSUE_NUMBER,
      ISSUE_TITLE, ISSUE_BODY, ISSUE_URL, BRANCH, BASE_BRANCH, SANDBOX_TYPE, WORKFLOW);

  private ContextVariables() {}
}
