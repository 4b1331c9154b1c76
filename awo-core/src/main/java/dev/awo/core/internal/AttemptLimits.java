package dev.awo.core.internal;

import dev.awo.core.ModelPrices;
import dev.awo.core.workflow.Budget;
import dev.awo.core.workflow.StuckDetection;

/**
 * What one agent attempt is held to: the work order's budget, its node's budget (each across all
 * their attempts), when it counts as stuck, and the prices its running cost is estimated with.
 * Immutable.
 */
record AttemptLimits(Budget workOrder, Budget node, StuckDetection stuck, ModelPrices prices) {}
