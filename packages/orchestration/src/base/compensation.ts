/**
 * A registered undo. `kind` + `data` are plain JSON so a resumed run (in another process) can still
 * perform it through `BaseDeploymentOrchestrator.compensate`; `armed` is false while the change is
 * being attempted and true once it took effect.
 */
export interface CompensationRecord {
  id: number;
  description: string;
  unit?: string;
  kind?: string;
  data?: Record<string, unknown>;
  armed: boolean;
}

export type Undo = () => Promise<void>;

/** Last in, first out. A unit's records can be moved to the top when it completes. */
export class CompensationStack {
  #records: CompensationRecord[] = [];
  readonly #undo = new Map<number, Undo>();
  #nextId = 1;

  constructor(restored: readonly CompensationRecord[] = []) {
    this.#records = restored.map((r) => ({ ...r }));
    this.#nextId = Math.max(0, ...restored.map((r) => r.id)) + 1;
  }

  push(record: Omit<CompensationRecord, 'id' | 'armed'> & { armed?: boolean }, undo?: Undo): number {
    const id = this.#nextId++;
    this.#records.push({ ...record, id, armed: record.armed ?? true });
    if (undo) this.#undo.set(id, undo);
    return id;
  }

  arm(id: number): void {
    const record = this.#records.find((r) => r.id === id);
    if (record) record.armed = true;
  }

  remove(id: number): void {
    this.#records = this.#records.filter((r) => r.id !== id);
    this.#undo.delete(id);
  }

  /** Moves a unit's records above every other, keeping their order: reverse completion order. */
  raiseUnit(unit: string): void {
    const mine = this.#records.filter((r) => r.unit === unit);
    this.#records = [...this.#records.filter((r) => r.unit !== unit), ...mine];
  }

  /** Removes and returns records (newest first), all or one unit's. */
  drain(unit?: string): Array<{ record: CompensationRecord; undo: Undo | undefined }> {
    const taken = this.#records.filter((r) => unit === undefined || r.unit === unit).reverse();
    this.#records = this.#records.filter((r) => !(unit === undefined || r.unit === unit));
    return taken.map((record) => {
      const undo = this.#undo.get(record.id);
      this.#undo.delete(record.id);
      return { record, undo };
    });
  }

  get size(): number {
    return this.#records.length;
  }

  snapshot(): CompensationRecord[] {
    return this.#records.map((r) => ({ ...r }));
  }
}
