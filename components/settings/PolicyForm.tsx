"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch, fieldErrors, formError } from "@/components/api-client";
import { Field, FormActions, FormAlert } from "@/components/ui/Field";
import { formatUtc } from "@/components/ui/format";
import { GATE_NAMES } from "@/lib/gates/types";
import type { PolicyView } from "@/lib/settings/policy";
import { TASK_TYPES, TIERS, type RoutingRules, type Tier } from "@/lib/generation/routing";
import { SANDBOX_POLICY_FIELDS, type SandboxPolicy, type SandboxPolicyKey } from "@/lib/settings/sandbox-policy";

const SANDBOX_KEYS = Object.keys(SANDBOX_POLICY_FIELDS) as SandboxPolicyKey[];

const TIER_OPTIONS = TIERS.map((t) => (
  <option key={t} value={t}>
    {t}
  </option>
));

function readRules(f: FormData): RoutingRules {
  const tier = (name: string) => String(f.get(name) ?? "") as Tier;
  return {
    taskTypes: { boilerplate: tier("route.boilerplate"), simple: tier("route.simple"), complex: tier("route.complex"), refactor: tier("route.refactor") },
    highRiskTier: tier("route.highRiskTier"),
    protectedTier: tier("route.protectedTier"),
    autoReroute: {
      onComplexityFail: f.get("route.onComplexityFail") === "on",
      onDependencyNotFound: f.get("route.onDependencyNotFound") === "on",
      fromTiers: f.getAll("route.fromTiers").map(String) as Tier[],
      toTier: tier("route.toTier"),
    },
  };
}

const GATE_LABELS: Record<string, string> = {
  tests: "Tests",
  dependencies: "Dependencies",
  complexity: "Complexity",
  "error-contract": "Error contract",
};

export function PolicyForm({ initial, canWrite }: { initial: PolicyView; canWrite: boolean }) {
  const qc = useQueryClient();
  const [policy, setPolicy] = useState(initial);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (body: unknown) => apiFetch<{ policy: PolicyView }>("/api/settings/policy", { method: "PUT", body }),
    onSuccess: (data) => {
      setPolicy(data.policy);
      setSaved(true);
      void qc.invalidateQueries({ queryKey: ["settings", "policy"] });
    },
  });
  const errors = fieldErrors(save.error);
  // Issues on list items ("protectedPaths.2") are shown on the list's field.
  const listError = (name: string) =>
    errors[name] ?? Object.entries(errors).find(([k]) => k.startsWith(`${name}.`))?.[1];

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(false);
    const f = new FormData(e.currentTarget);
    const n = (name: string) => Number(String(f.get(name) ?? "").trim() || NaN);
    const lines = (name: string) =>
      String(f.get(name) ?? "")
        .split("\n")
        .map((s) => s.trim())
        .filter(Boolean);
    save.mutate({
      minTestPassRate: n("minTestPassRate"),
      complexityThreshold: n("complexityThreshold"),
      cognitiveThreshold: n("cognitiveThreshold"),
      complexityFailOnGrowth: f.get("complexityFailOnGrowth") === "on",
      regateOnMovedBase: f.get("regateOnMovedBase") === "on",
      undeclaredDependencies: f.get("undeclaredDependencies") === "warn" ? "warn" : "fail",
      requiredGates: f.getAll("requiredGates").map(String),
      protectedPaths: lines("protectedPaths"),
      requiredApprovals: n("requiredApprovals"),
      leadApprovalPaths: lines("leadApprovalPaths"),
      maxReroutes: n("maxReroutes"),
      maxAttempts: n("maxAttempts"),
      routingRules: readRules(f),
      sandbox: Object.fromEntries(SANDBOX_KEYS.map((k) => [k, n(`sandbox.${k}`)])) as unknown as SandboxPolicy,
    });
  }

  return (
    <form className="card" onSubmit={submit} noValidate aria-label="Merge policy">
      <FormAlert message={formError(save.error)} />
      {saved ? (
        <div className="alert alert-ok" role="status">
          Policy saved.
        </div>
      ) : null}
      <fieldset disabled={!canWrite} style={{ border: 0, padding: 0, margin: 0 }}>
        <div className="form-grid">
          <Field id="minTestPassRate" label="Minimum test pass rate (%)" error={errors.minTestPassRate}>
            <input id="minTestPassRate" name="minTestPassRate" type="number" step="any" min={0} max={100} defaultValue={policy.minTestPassRate} />
          </Field>
          <Field
            id="complexityThreshold"
            label="Max cyclomatic complexity"
            error={errors.complexityThreshold}
            hint="Per function. A function that crosses it, or a new one over it, fails the complexity gate."
          >
            <input id="complexityThreshold" name="complexityThreshold" type="number" step="1" defaultValue={policy.complexityThreshold} />
          </Field>
          <Field
            id="cognitiveThreshold"
            label="Max cognitive complexity"
            error={errors.cognitiveThreshold}
            hint="Per function (nesting-weighted, as sonarjs counts it); same rule as the cyclomatic threshold."
          >
            <input id="cognitiveThreshold" name="cognitiveThreshold" type="number" step="1" defaultValue={policy.cognitiveThreshold} />
          </Field>
          <div className="field span-all">
            <label className="checkbox">
              <input type="checkbox" id="complexityFailOnGrowth" name="complexityFailOnGrowth" defaultChecked={policy.complexityFailOnGrowth} /> Fail on any
              growth over a threshold
            </label>
            <span className="hint">
              Off: a function already over a threshold that grows only warns (legacy code). On: it fails the gate.
            </span>
            {errors.complexityFailOnGrowth ? <span className="field-error">{errors.complexityFailOnGrowth}</span> : null}
          </div>
          <div className="field span-all">
            <label className="checkbox">
              <input type="checkbox" id="regateOnMovedBase" name="regateOnMovedBase" defaultChecked={policy.regateOnMovedBase} /> Re-run gates on a
              moved base
            </label>
            <span className="hint">
              When an approved change is re-applied because someone pushed meanwhile, run the gates again on the new head before pushing.
            </span>
          </div>
          <Field
            id="undeclaredDependencies"
            label="Undeclared package in runtime code"
            error={errors.undeclaredDependencies}
            hint="A package imported but declared in no manifest works only while something else installs it. In tests it always warns."
          >
            <select id="undeclaredDependencies" name="undeclaredDependencies" defaultValue={policy.undeclaredDependencies}>
              <option value="fail">Fails the dependencies gate</option>
              <option value="warn">Warns only</option>
            </select>
          </Field>
          <Field id="maxReroutes" label="Max reroutes" error={errors.maxReroutes}>
            <input id="maxReroutes" name="maxReroutes" type="number" step="1" defaultValue={policy.maxReroutes} />
          </Field>
          <Field id="maxAttempts" label="Max attempts" error={errors.maxAttempts}>
            <input id="maxAttempts" name="maxAttempts" type="number" step="1" defaultValue={policy.maxAttempts} />
          </Field>
          <div className="field span-all">
            <span className="label">Required gates</span>
            <div className="checkbox-group">
              {GATE_NAMES.map((g) => (
                <label key={g} className="checkbox">
                  <input type="checkbox" name="requiredGates" value={g} defaultChecked={policy.requiredGates.includes(g)} /> {GATE_LABELS[g] ?? g}
                </label>
              ))}
            </div>
            <span className="hint">A change cannot merge while a required gate fails or errors (leads may override with a reason).</span>
            {listError("requiredGates") ? <span className="field-error">{listError("requiredGates")}</span> : null}
          </div>
          <Field
            id="protectedPaths"
            label="Protected paths"
            error={listError("protectedPaths")}
            hint="Glob patterns, one per line; changes touching them always use the accurate tier."
            className="span-all"
          >
            <textarea id="protectedPaths" name="protectedPaths" defaultValue={policy.protectedPaths.join("\n")} rows={5} />
          </Field>
        </div>
        <fieldset className="card-section" aria-label="Approvals">
          <legend>Approvals</legend>
          <div className="form-grid">
            <Field
              id="requiredApprovals"
              label="Required approvals"
              error={errors.requiredApprovals}
              hint="Distinct reviewers who must approve a revision before it merges; the last required approval merges it."
            >
              <input id="requiredApprovals" name="requiredApprovals" type="number" step="1" min={1} max={10} defaultValue={policy.requiredApprovals} />
            </Field>
            <Field
              id="leadApprovalPaths"
              label="Paths that need a lead's approval"
              error={listError("leadApprovalPaths")}
              hint="Glob patterns, one per line, like CODEOWNERS: a change touching one also needs a lead (or admin) among its approvers."
              className="span-all"
            >
              <textarea id="leadApprovalPaths" name="leadApprovalPaths" defaultValue={policy.leadApprovalPaths.join("\n")} rows={3} />
            </Field>
          </div>
        </fieldset>
        <fieldset className="card-section" aria-label="Routing rules">
          <legend>Routing</legend>
          <p className="hint">Which tier writes each kind of task, and when a change goes back to a stronger tier automatically.</p>
          <div className="form-grid">
            {TASK_TYPES.map((t) => (
              <Field key={t} id={`route-${t}`} label={`Task type: ${t}`} error={listError(`routingRules.taskTypes.${t}`)}>
                <select id={`route-${t}`} name={`route.${t}`} defaultValue={policy.routingRules.taskTypes[t]}>
                  {TIER_OPTIONS}
                </select>
              </Field>
            ))}
            <Field id="route-highRiskTier" label="Minimum tier for high risk">
              <select id="route-highRiskTier" name="route.highRiskTier" defaultValue={policy.routingRules.highRiskTier}>
                {TIER_OPTIONS}
              </select>
            </Field>
            <Field id="route-protectedTier" label="Tier when a protected path is touched">
              <select id="route-protectedTier" name="route.protectedTier" defaultValue={policy.routingRules.protectedTier}>
                {TIER_OPTIONS}
              </select>
            </Field>
            <div className="field span-all">
              <span className="label">Automatic reroute</span>
              <div className="checkbox-group">
                <label className="checkbox">
                  <input type="checkbox" name="route.onComplexityFail" defaultChecked={policy.routingRules.autoReroute.onComplexityFail} /> when the
                  complexity gate fails
                </label>
                <label className="checkbox">
                  <input type="checkbox" name="route.onDependencyNotFound" defaultChecked={policy.routingRules.autoReroute.onDependencyNotFound} /> when
                  an imported package does not exist
                </label>
              </div>
              <div className="checkbox-group">
                <span className="muted">for changes from</span>
                {TIERS.map((t) => (
                  <label key={t} className="checkbox">
                    <input type="checkbox" name="route.fromTiers" value={t} defaultChecked={policy.routingRules.autoReroute.fromTiers.includes(t)} /> {t}
                  </label>
                ))}
              </div>
              <label className="checkbox" htmlFor="route-toTier">
                to the tier{" "}
                <select id="route-toTier" name="route.toTier" defaultValue={policy.routingRules.autoReroute.toTier}>
                  {TIER_OPTIONS}
                </select>
              </label>
              {listError("routingRules") ? <span className="field-error">{listError("routingRules")}</span> : null}
            </div>
          </div>
        </fieldset>
        <fieldset className="card-section" aria-label="Sandbox limits">
          <legend>Sandbox limits</legend>
          <p className="hint">
            Every run of a change&apos;s code (the tests gate) is sandboxed: no network, no host files, an unprivileged user. A run that hits a
            limit fails with the limit named. CPU time and wall clock follow the test timeout.
          </p>
          {policy.sandboxEnv.mode === "off" ? (
            <div className="alert alert-error" role="alert">
              GATEHOUSE_SANDBOX=off: the operator turned the sandbox off. Changes&apos; code runs unsandboxed on the worker host (unsafe).
            </div>
          ) : null}
          {policy.sandboxEnv.error ? (
            <div className="alert alert-error" role="alert">
              {policy.sandboxEnv.error}
            </div>
          ) : null}
          <div className="form-grid">
            {SANDBOX_KEYS.map((k) => {
              const f = SANDBOX_POLICY_FIELDS[k];
              const override = policy.sandboxEnv.overrides[k];
              return (
                <Field
                  key={k}
                  id={`sandbox-${k}`}
                  label={f.label}
                  error={errors[`sandbox.${k}`]}
                  hint={override ? `Set by the operator: ${override.env}=${override.value} wins over this value.` : `${f.min}–${f.max}`}
                >
                  <input id={`sandbox-${k}`} name={`sandbox.${k}`} type="number" step="1" min={f.min} max={f.max} defaultValue={policy.sandbox[k]} />
                </Field>
              );
            })}
          </div>
        </fieldset>
        {canWrite ? (
          <FormActions submitLabel="Save policy" pending={save.isPending} pendingLabel="Saving…">
            {policy.updatedAt ? <span className="muted">Last saved {formatUtc(policy.updatedAt)}</span> : null}
          </FormActions>
        ) : null}
      </fieldset>
    </form>
  );
}
