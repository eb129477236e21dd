import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { loadChannelClients } from './clients.js';

t.test('channel clients: keys come from the variables the file names, and must be strong', async (t) => {
  const file = join(t.testdir(), 'channels.json');
  writeFileSync(file, JSON.stringify([{ clientId: 'hotline-12345', name: '12345热线', source: 'hotline_12345', centerCode: '230300', secretEnv: 'KEY_12345' }]));
  const clients = loadChannelClients(file, { KEY_12345: 's'.repeat(32) });
  t.match(clients.get('hotline-12345'), { centerCode: '230300', source: 'hotline_12345', secret: 's'.repeat(32) });
  t.throws(() => loadChannelClients(file, {}), /KEY_12345/, 'a missing key names its variable');
  t.throws(() => loadChannelClients(file, { KEY_12345: 'short' }), /KEY_12345/, 'so does a short one');
  writeFileSync(file, JSON.stringify([{ clientId: 'Bad Id', name: 'x', source: 'fax', centerCode: '230300', secretEnv: 'K' }]));
  t.throws(() => loadChannelClients(file, { K: 's'.repeat(32) }), /clientId.*source|source.*clientId|0\.clientId/s, 'an invalid file names the fields');
});
