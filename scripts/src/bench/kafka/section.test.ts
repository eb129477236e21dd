import t from 'tap';
import { BEGIN, END, withSection } from './section.js';

t.test('the Kafka section is appended once, then replaced in place; the rest of the report stays', async (t) => {
  const report = '# Benchmarks\n\n## 1. Baselines\n| a | b |\n';
  const once = withSection(report, '## 8. Kafka\nfirst');
  t.ok(once.startsWith(report), 'the main report is kept');
  t.match(once, `${BEGIN}\n## 8. Kafka\nfirst\n${END}\n`);
  const twice = withSection(`${once}\n## Notes\nkept\n`, '## 8. Kafka\nsecond');
  t.equal(twice.split(BEGIN).length, 2, 'one section, not two');
  t.match(twice, /second/);
  t.notMatch(twice, /first/);
  t.match(twice, /## Notes\nkept/, 'what follows the section stays');
});
