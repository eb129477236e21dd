/** The Kafka phase's own delimited section of BENCHMARKS.md (when it runs on its own, not from the bench's index). */
export const BEGIN = '<!-- kafka-bench:begin (scripts/src/bench/kafka/run.ts) -->';
export const END = '<!-- kafka-bench:end -->';

/** `report` with `section` between the markers: replaced if present, appended otherwise. */
export function withSection(report: string, section: string): string {
  const block = `${BEGIN}\n${section.trim()}\n${END}\n`;
  const from = report.indexOf(BEGIN);
  const to = report.indexOf(END);
  if (from >= 0 && to > from) return report.slice(0, from) + block + report.slice(to + END.length).replace(/^\n/, '');
  return `${report.replace(/\n*$/, '\n\n')}${block}`;
}
