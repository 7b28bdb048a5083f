import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../test/test-app.ts';
import { adminClient } from '../test/test-helpers.ts';

let t: TestApp;
let admin: Client;
interface Unit {
  id: number;
  name: string;
  version: number;
  path: string;
  parentId: number | null;
  can: Record<string, boolean>;
  childCount?: number;
}

async function unitByName(c: Client, name: string): Promise<Unit> {
  const res = await c.get(`/api/units/search?q=${encodeURIComponent(name)}`);
  const found = res.json<{ items: Unit[] }>().items.find((u) => u.name === name);
  if (!found) throw new Error(`unit ${name} not visible`);
  return found;
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await adminClient(t);
});
afterAll(async () => {
  await t.dispose();
});

describe('the demo unit tree', () => {
  it('has the national office with 32 provincial-level offices and the 26 co-issuing departments', async () => {
    const roots = (await admin.get('/api/units')).json<{ items: Unit[] }>().items;
    expect(roots.map((u) => u.name)).toEqual(['国家市场监督管理总局']);
    const children = (await admin.get(`/api/units?parentId=${roots[0]?.id}`)).json<{
      items: (Unit & { kind: string; level: string | null })[];
    }>().items;
    expect(children.filter((u) => u.kind === 'office' && u.level === 'province')).toHaveLength(32);
    expect(children.filter((u) => u.kind === 'department')).toHaveLength(26);
    expect(children.map((u) => u.name)).toContain('新疆生产建设兵团市场监督管理局');
  });

  it('hangs counties of placeholder levels directly under the province, and records the Tibet alias', async () => {
    const beijing = await unitByName(admin, '北京市市场监督管理局');
    const districts = (await admin.get(`/api/units?parentId=${beijing.id}`)).json<{ items: Unit[] }>().items;
    expect(districts.map((u) => u.name)).toContain('东城区市场监督管理局');
    const alias = (
      await admin.get(`/api/units/search?q=${encodeURIComponent('自治区质量和标准化工作领导小组办公室')}`)
    ).json<{ items: Unit[] }>().items;
    expect(alias.map((u) => u.name)).toEqual(['西藏自治区市场监督管理局']);
    const yueyang = await unitByName(admin, '岳阳市市场监督管理局');
    const sections = (await admin.get(`/api/units?parentId=${yueyang.id}`))
      .json<{ items: Unit[] }>()
      .items.map((u) => u.name);
    expect(sections).toEqual(expect.arrayContaining(['质量发展科', '计量科', '特种设备安全监察科']));
  });
});

describe('editing units', () => {
  it('creates a child, refuses a duplicate name, an unknown division code and unknown fields', async () => {
    const hunan = await unitByName(admin, '湖南省市场监督管理局');
    const created = await admin.post('/api/units', {
      parentId: hunan.id,
      name: '演示新区市场监督管理局',
      kind: 'office',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json<Unit>().path).toBe(`${hunan.path}${created.json<Unit>().id}/`);
    const dup = await admin.post('/api/units', { parentId: hunan.id, name: '演示新区市场监督管理局', kind: 'office' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ error: { code: 'UNIT_NAME_TAKEN' } });
    const badCode = await admin.post('/api/units', {
      parentId: hunan.id,
      name: '某区局',
      kind: 'office',
      divisionCode: '439999',
    });
    expect(badCode.json()).toMatchObject({
      error: { code: 'DIVISION_CODE_UNKNOWN', message: '行政区划代码“439999”不存在' },
    });
    const unknown = await admin.post('/api/units', { parentId: hunan.id, name: '某区局', kind: 'office', owner: 'me' });
    expect(unknown.statusCode).toBe(400);
    const wrongType = await admin.post('/api/units', { parentId: 'hunan', name: '某区局', kind: 'office' });
    expect(wrongType.statusCode).toBe(400);
    const tooLong = await admin.post('/api/units', { parentId: hunan.id, name: '局'.repeat(101), kind: 'office' });
    expect(tooLong.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });

  it('refuses a stale edit with 409 naming who changed it', async () => {
    const unit = await unitByName(admin, '岳阳市市场监督管理局');
    const first = await admin.patch(`/api/units/${unit.id}`, { version: unit.version, contactPhone: '0730-1234567' });
    expect(first.statusCode).toBe(200);
    const stale = await admin.patch(`/api/units/${unit.id}`, { version: unit.version, contactPhone: '0730-7654321' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<{ error: { code: string; message: string } }>().error.message).toMatch(
      /已被“系统管理员”于 .* 修改，请刷新后重新编辑/,
    );
    const now = (await admin.get(`/api/units/${unit.id}`)).json<Unit & { contactPhone: string }>();
    expect(now.contactPhone).toBe('0730-1234567');
  });

  it('refuses to move a unit into its own subtree, and moves a subtree with its paths', async () => {
    const hunan = await unitByName(admin, '湖南省市场监督管理局');
    const yueyang = await unitByName(admin, '岳阳市市场监督管理局');
    const cycle = await admin.post(`/api/units/${hunan.id}/move`, { version: hunan.version, parentId: yueyang.id });
    expect(cycle.json()).toMatchObject({ error: { code: 'UNIT_MOVE_CYCLE' } });
    const section = await unitByName(admin, '抽检科');
    const changsha = await unitByName(admin, '长沙市市场监督管理局');
    const moved = await admin.post(`/api/units/${section.id}/move`, {
      version: section.version,
      parentId: changsha.id,
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json<Unit>().path).toBe(`${changsha.path}${section.id}/`);
  });

  it('deactivates instead of deleting, and not while children are active', async () => {
    const yueyang = await unitByName(admin, '岳阳市市场监督管理局');
    const refused = await admin.post(`/api/units/${yueyang.id}/deactivate`, { version: yueyang.version });
    expect(refused.json()).toMatchObject({ error: { code: 'UNIT_HAS_ACTIVE_CHILDREN' } });
    const section = await unitByName(admin, '计量科');
    const off = await admin.post(`/api/units/${section.id}/deactivate`, { version: section.version });
    expect(off.json()).toMatchObject({ active: false });
    const visible = (await admin.get(`/api/units?parentId=${yueyang.id}`))
      .json<{ items: Unit[] }>()
      .items.map((u) => u.name);
    expect(visible).not.toContain('计量科');
    const all = (await admin.get(`/api/units?parentId=${yueyang.id}&includeInactive=true`))
      .json<{ items: Unit[] }>()
      .items.map((u) => u.name);
    expect(all).toContain('计量科');
  });
});

describe('access through the routes', () => {
  it('shows a unit its own subtree and its superiors, never a sibling', async () => {
    const yy = await t.login('yueyang-reviewer');
    const roots = (await yy.get('/api/units')).json<{ items: Unit[] }>().items;
    expect(roots.map((u) => u.name)).toEqual(['岳阳市市场监督管理局']);
    const tibet = await unitByName(admin, '西藏自治区市场监督管理局');
    expect((await yy.get(`/api/units/${tibet.id}`)).statusCode).toBe(404);
    const changsha = await unitByName(admin, '长沙市市场监督管理局');
    expect((await yy.get(`/api/units/${changsha.id}`)).statusCode).toBe(404);
    const hunan = await unitByName(admin, '湖南省市场监督管理局');
    const parent = await yy.get(`/api/units/${hunan.id}`);
    expect(parent.statusCode).toBe(200);
    expect(parent.json<Unit>().can).toMatchObject({ view: true, update: false, create_child: false });
    const search = (await yy.get(`/api/units/search?q=${encodeURIComponent('市场监督管理局')}`)).json<{
      items: Unit[];
    }>().items;
    expect(search.every((u) => u.path.startsWith(roots[0]?.path ?? '-'))).toBe(true);
  });

  it('lets only admins change units, and only in their subtree', async () => {
    const reviewer = await t.login('tibet-reviewer');
    const tibet = await unitByName(admin, '西藏自治区市场监督管理局');
    const res = await reviewer.post('/api/units', { parentId: tibet.id, name: '某科', kind: 'section' });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'FORBIDDEN', message: '您没有权限执行此操作' } });
    expect((await reviewer.get('/api/users')).json()).toMatchObject({ items: [], total: 0 });
    expect((await reviewer.get('/api/audit')).statusCode).toBe(403);
  });
});
