/** The shape and version of the export file, so a reader can tell what it holds. */
export const EXPORT_FORMAT = 'docbook.personal-data-export';
export const EXPORT_FORMAT_VERSION = 1;

export interface ExportDocument {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_FORMAT_VERSION;
  generatedAt: string;
  subject: { userId: string; role: string };
  /** One key per section, in name order, so two exports of the same data diff cleanly. */
  sections: Record<string, unknown>;
}

/** The section names used more than once (each must be a unique key of the document). */
export function duplicateNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  const dupes = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) {
      dupes.add(n);
    }
    seen.add(n);
  }
  return [...dupes].sort();
}

export function assembleExport(
  subject: { userId: string; role: string },
  generatedAt: Date,
  parts: readonly { name: string; data: unknown }[],
): ExportDocument {
  const sections: Record<string, unknown> = {};
  for (const p of [...parts].sort((a, b) => a.name.localeCompare(b.name))) {
    sections[p.name] = p.data;
  }
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_FORMAT_VERSION,
    generatedAt: generatedAt.toISOString(),
    subject: { userId: subject.userId, role: subject.role },
    sections,
  };
}

/** `docbook-export-<user id>-<yyyy-mm-dd>.json`: only characters safe in a header value. */
export function exportFileName(userId: string, generatedAt: Date): string {
  const safeId = userId.replace(/[^a-zA-Z0-9]/g, '');
  return `docbook-export-${safeId}-${generatedAt.toISOString().slice(0, 10)}.json`;
}
