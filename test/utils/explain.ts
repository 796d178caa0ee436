export interface PlanNode {
  stage?: string;
  indexName?: string;
  keyPattern?: Record<string, unknown>;
  inputStage?: PlanNode;
  inputStages?: PlanNode[];
  queryPlan?: PlanNode;
}

/** Every stage of an explain() winning plan (find, count or aggregate), depth first. */
export function winningPlanStages(explain: unknown): PlanNode[] {
  const e = explain as {
    queryPlanner?: { winningPlan?: PlanNode };
    stages?: { $cursor?: { queryPlanner?: { winningPlan?: PlanNode } } }[];
  };
  const root = e.queryPlanner?.winningPlan ?? e.stages?.[0]?.$cursor?.queryPlanner?.winningPlan;
  if (!root) {
    throw new Error(`No winning plan in explain output: ${JSON.stringify(explain)}`);
  }
  const out: PlanNode[] = [];
  const walk = (node: PlanNode | undefined): void => {
    if (!node) {
      return;
    }
    out.push(node);
    walk(node.queryPlan);
    walk(node.inputStage);
    node.inputStages?.forEach(walk);
  };
  walk(root);
  return out;
}
