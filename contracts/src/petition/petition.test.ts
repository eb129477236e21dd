import t from 'tap';
import { DisputeCategory } from '../reference-data.js';
import { decodePetitionEvent, normaliseMatterKey, petitionStream } from './decode.js';
import { disputeCategoriesFor, PETITION_SUBJECT_AREAS, subjectAreasFor, type PetitionSubjectArea } from './subject-areas.js';

t.test('subject areas map onto dispute categories, and every category is reachable', async (t) => {
  for (const area of Object.keys(PETITION_SUBJECT_AREAS) as PetitionSubjectArea[]) {
    for (const c of disputeCategoriesFor(area)) t.ok(DisputeCategory.safeParse(c).success, `${area} → ${c} is a dispute category`);
  }
  for (const c of DisputeCategory.options) t.ok(subjectAreasFor(c).length > 0, `some subject area concerns ${c}`);
  t.same(subjectAreasFor('labour'), ['labour_social_security', 'enterprise_restructuring']);
  t.equal(disputeCategoriesFor('land_expropriation')[0], 'land_expropriation', 'the first category is the default');
});

t.test('matter keys compare after normalisation', async (t) => {
  t.equal(normaliseMatterKey(' 红星村 2019年征地补偿款。'), normaliseMatterKey('红星村2019年征地补偿款'));
  t.equal(normaliseMatterKey('ＡＢＣ－１２'), 'abc12', 'full-width folds to half-width');
  t.not(normaliseMatterKey('红星村征地'), normaliseMatterKey('红光村征地'));
});

t.test('decoding', async (t) => {
  t.equal(petitionStream('x'), 'petition-x');
  t.equal(decodePetitionEvent({ type: 'DisputeRegistered', schemaVersion: 1, data: {} }), undefined, 'other flows are not petition events');
  t.same(decodePetitionEvent({ type: 'PetitionResolved', schemaVersion: 1, data: { a: 1 } }), { type: 'PetitionResolved', data: { a: 1 } });
});
