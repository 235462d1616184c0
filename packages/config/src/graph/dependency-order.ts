export interface DependencyNode {
  readonly name: string;
  readonly dependsOn: readonly string[];
}

export interface DependencyOrder {
  /** Names with every dependency before its dependents; ties keep declaration order. */
  readonly order: readonly string[];
  /** Each cycle once, as the walk that closes it: `['a', 'b', 'a']`. */
  readonly cycles: readonly (readonly string[])[];
}

/**
 * Topological order of the nodes by `dependsOn` (unknown names are ignored here; validation reports
 * them). Nodes on or behind a cycle are left out of `order` and the cycles are returned instead.
 */
export function dependencyOrder(nodes: readonly DependencyNode[]): DependencyOrder {
  const index = new Map<string, number>();
  nodes.forEach((node, i) => {
    if (!index.has(node.name)) index.set(node.name, i);
  });
  const deps = new Map<string, string[]>();
  for (const node of nodes) {
    if (deps.has(node.name)) continue;
    deps.set(node.name, [...new Set(node.dependsOn.filter((d) => index.has(d)))]);
  }

  const order: string[] = [];
  const placed = new Set<string>();
  // Repeatedly take the first declared node whose dependencies are all placed: stable and simple.
  let progress = true;
  while (progress) {
    progress = false;
    for (const name of deps.keys()) {
      if (placed.has(name)) continue;
      if (deps.get(name)!.every((d) => placed.has(d))) {
        placed.add(name);
        order.push(name);
        progress = true;
        break;
      }
    }
  }

  return { order, cycles: findCycles(deps) };
}

function findCycles(deps: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];

  const visit = (name: string): void => {
    state.set(name, 'active');
    stack.push(name);
    for (const dep of deps.get(name) ?? []) {
      const s = state.get(dep);
      if (s === 'active') {
        const cycle = [...stack.slice(stack.indexOf(dep)), dep];
        const key = canonical(cycle);
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (s === undefined) visit(dep);
    }
    stack.pop();
    state.set(name, 'done');
  };

  for (const name of deps.keys()) if (!state.has(name)) visit(name);
  return cycles;
}

function canonical(cycle: readonly string[]): string {
  const ring = cycle.slice(0, -1);
  const start = ring.indexOf([...ring].sort()[0]!);
  return [...ring.slice(start), ...ring.slice(0, start)].join('\u0000');
}

/** `a → b → a` */
export function describeCycle(cycle: readonly string[]): string {
  return cycle.join(' → ');
}
