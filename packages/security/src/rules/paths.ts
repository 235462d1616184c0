/** `base.section.key`, bracket-quoting keys that are not plain identifiers. */
export function fieldPath(base: string, section: string, key: string): string {
  const prefix = base ? `${base}.${section}` : section;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${prefix}.${key}` : `${prefix}[${JSON.stringify(key)}]`;
}
