import t from 'tap';
import { RegionDirectory, jixiDemoRegions } from './regions.js';

t.test('the demo region file has the nine real counties under Jixi, demo townships and grids below', async (t) => {
  const dir = new RegionDirectory(jixiDemoRegions());
  const counties = dir.children('230300');
  t.equal(counties.length, 9);
  t.ok(counties.every((c) => !c.demo && c.tier === 'county'));
  const township = dir.children('230302')[0]!;
  t.equal(township.tier, 'township');
  t.ok(township.demo && township.name.includes('演示'));
  const grid = dir.children(township.code)[0]!;
  t.equal(grid.tier, 'grid');
  t.ok(dir.isWithin(grid.code, '230300'), 'a grid lies within the city');
  t.ok(dir.isWithin(grid.code, '230302'), 'and within its county');
  t.notOk(dir.isWithin(grid.code, '230303'), 'but not within a neighbouring county');
  t.notOk(dir.isWithin('230302', township.code), 'a county is not within its township');
  t.equal(dir.centerOf(grid.code)?.code, township.code, 'a grid is served by its township center');
  t.equal(dir.atTier(grid.code, 'county')?.code, '230302');
});

t.test('a region whose parent is unknown is refused', async (t) => {
  t.throws(() => new RegionDirectory([{ code: '230302', name: 'x', tier: 'county', parentCode: '230300', demo: false }]));
});
