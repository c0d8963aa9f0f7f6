/** The routing inputs of the merge policy: protected paths and routing rules (defaults when absent). */
import type { Db } from "../db/client";
import type { RoutingPolicy } from "../generation/routing";
import { getPolicy } from "../settings/policy";

export async function loadRoutingPolicy(db: Db): Promise<RoutingPolicy> {
  const policy = await getPolicy(db);
  return { protectedPaths: policy.protectedPaths, rules: policy.routingRules };
}
