import { join } from 'node:path';
import { projectRoot } from '../../common/paths';
import { inEnglish } from '../../../test/support/english-problems';
import { DEMO_ORG } from '../testing/org.fixture';
import { editRouting, ROUTING_YAML } from './routing.fixture';
import { loadRouting, readRoutingSource, validateRoutingFile } from './routing.loader';

/** Every malformed routing.yaml gives a precise error: file, line, column, path, reason. */

const errorsOf = (content: string, orgRef = DEMO_ORG) => inEnglish(validateRoutingFile(content, orgRef).errors);
const at = (line: number, column: number, path: string, message: string) => ({
  file: 'routing.yaml',
  line,
  column,
  path,
  message,
});

describe('routing loader', () => {
  it('accepts the shipped routing.yaml against the demo organisation', () => {
    const loaded = loadRouting(readRoutingSource(join(projectRoot(), 'policies')), DEMO_ORG);
    expect(loaded.ok ? [] : loaded.errors).toEqual([]);
    if (!loaded.ok) return;
    const { routing } = loaded;
    expect(routing.routeFor).toEqual({ allow: 'standard', needs_exception: 'exception' });
    expect(routing.routes.map((r) => r.steps.map((s) => `${s.id}:${s.kind}`))).toEqual([
      ['shozokucho:approve'],
      ['shozokucho:approve', 'jinji:consult', 'bucho:approve', 'kyoran:inform'],
    ]);
    expect(routing.workingHours).toEqual({ start: '08:30', end: '17:15', breaks: [{ start: '12:00', end: '13:00' }] });
    expect(routing.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps the classes that deputy delegations in effect name, listing whose (five, then …)', () => {
    const shipped = readRoutingSource(join(projectRoot(), 'policies')).content;
    const approvers = ['S0001', 'S0002', 'S0003', 'S0004', 'S0005', 'S0006'];
    const delegatedClasses = new Map([
      ['standard', ['S0100']], // still in the file: fine
      ['gone', approvers],
    ]);
    const line = shipped.split('\n').indexOf('classes:') + 1;
    expect(errorsOf(shipped, { ...DEMO_ORG, delegatedClasses })).toEqual([
      at(
        line,
        1,
        'classes',
        'class "gone" is named by deputy delegations in effect of S0001, S0002, S0003, S0004, S0005, …: ' +
          'keep the class, or remove those delegations first',
      ),
    ]);
    expect(errorsOf(shipped, { ...DEMO_ORG, delegatedClasses: new Map([['standard', ['S0100']]]) })).toEqual([]);
  });

  it('keeps the route ids that approval routes in progress follow, saying how many', () => {
    const shipped = readRoutingSource(join(projectRoot(), 'policies')).content;
    const renamed = shipped.replace(/^ {2}- id: standard$/m, '  - id: standard-v2');
    expect(renamed).not.toBe(shipped);
    const routesInFlight = new Map([
      ['standard', 12],
      ['exception', 1], // still in the file: fine
    ]);
    const line = renamed.split('\n').indexOf('routes:') + 1;
    expect(errorsOf(renamed, { ...DEMO_ORG, routesInFlight })).toEqual([
      at(
        line,
        1,
        'routes',
        'route "standard" is followed by 12 approval route(s) in progress: keep its id ' +
          '(those in progress keep the steps they started with; changed steps apply to requests from now on)',
      ),
    ]);
    expect(errorsOf(renamed, DEMO_ORG)).toEqual([]); // none in progress: the new name may be taken
    expect(errorsOf(shipped, { ...DEMO_ORG, routesInFlight })).toEqual([]);
  });

  it('reports every problem of the items of a list, not only the first kind', () => {
    const shipped = readRoutingSource(join(projectRoot(), 'policies')).content;
    const messages = errorsOf(shipped.replace('approvers: [personnel_head]', 'approvers: [5, ""]')).map(
      (e) => e.message,
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        'each value in approvers must be a string',
        expect.stringContaining('each value in approvers should not be empty'),
      ]),
    );
  });

  it('compiles the fixture: resolvers, defaults, 代決 per class, positions', () => {
    const loaded = loadRouting({ file: 'routing.yaml', content: ROUTING_YAML });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const [standard, exception] = loaded.routing.routes;
    expect(standard?.steps[0]).toMatchObject({
      approvers: [{ text: 'supervisor', kind: 'supervisor' }],
      daiketsu: true,
      escalateTo: { kind: 'department_head' },
      source: { file: 'routing.yaml', line: 14, column: 9 },
    });
    expect(exception?.steps.map((s) => [s.id, s.daiketsu, s.mode, s.onDeadline, s.reminderHours])).toEqual([
      ['a', false, null, null, 4],
      ['b', false, 'all', 'agree', 8],
      ['c', false, null, null, 8],
      ['d', false, null, null, 0],
    ]);
    expect(exception?.steps[1]?.approvers).toEqual([
      { text: 'personnel_head', kind: 'section_head', sectionId: 'GENL-02' },
    ]);
    expect(exception?.steps[3]?.approvers).toEqual([
      { text: 'personnel_section', kind: 'section', sectionId: 'GENL-02' },
    ]);
    expect(loaded.routing.classes['exception']).toEqual({
      decider: 'bucho',
      deputyMinGrade: 'kacho',
      daiketsu: false,
      label: null,
    });
  });

  it('reports bad YAML where the parser stopped', () => {
    expect(errorsOf(editRouting(['{ outcome: allow }', '{ outcome: allow'])).at(0)).toEqual(
      expect.objectContaining({
        line: 13,
        column: 5,
        path: 'routes[0].when',
        message: expect.stringContaining('Flow map'),
      }),
    );
  });

  it('refuses a duplicate key and a file over the size limit', () => {
    expect(errorsOf(`version: "1"\n${ROUTING_YAML}`)).toEqual([at(2, 1, 'version', 'Map keys must be unique')]);
    expect(errorsOf(`${ROUTING_YAML}# ${'x'.repeat(2 * 1024 * 1024)}\n`)).toEqual([
      at(1, 1, '', 'file is 2.0 MiB; the limit is 1 MiB'),
    ]);
  });

  it('refuses an unknown key, pointing at the key and listing the known ones', () => {
    expect(errorsOf(editRouting(['approver: department_head', 'approvers: [department_head]']))).toEqual([
      at(21, 9, 'routes[1].steps[2].approver', 'missing required key "approver"'),
      at(
        21,
        33,
        'routes[1].steps[2].approvers',
        'unknown key "approvers"; expected one of: approver, daiketsu, id, kind, label, reminderHours, escalateHours, escalateTo',
      ),
    ]);
  });

  it('refuses hours of the wrong type or not positive, pointing at the value', () => {
    const content = editRouting([
      'reminderHours: 4, escalateHours: 8, escalateTo',
      'reminderHours: four, escalateHours: 0, escalateTo',
    ]);
    const message = (key: string) => `${key} must be a number of working hours above 0, at most 1000`;
    expect(errorsOf(content)).toEqual([
      at(14, 70, 'routes[0].steps[0].reminderHours', message('reminderHours')),
      at(14, 91, 'routes[0].steps[0].escalateHours', message('escalateHours')),
    ]);
  });

  it('reports only the kind of a step of unknown kind', () => {
    expect(errorsOf(editRouting(['kind: inform', 'kind: circulate']))).toEqual([
      at(22, 24, 'routes[1].steps[3].kind', 'kind must be one of the following values: approve, consult, inform'),
    ]);
  });

  it('refuses a route naming a class the file does not define', () => {
    expect(errorsOf(editRouting(['class: exception', 'class: special']))).toEqual([
      at(16, 12, 'routes[1].class', 'unknown class "special"; expected one of: standard, exception'),
    ]);
  });

  it('refuses an outcome without a route, and an outcome with two', () => {
    expect(errorsOf(editRouting(['{ outcome: needs_exception }', '{ outcome: allow }']))).toEqual([
      at(10, 3, 'routes', 'no route for outcome "needs_exception": add one with when: { outcome: needs_exception }'),
      at(
        17,
        22,
        'routes[1].when.outcome',
        'outcome "allow" is already routed by routes[0] ("standard"); each outcome takes exactly one route',
      ),
    ]);
    expect(errorsOf(editRouting(['{ outcome: allow }', '{ outcome: deny }']))[0]).toEqual(
      at(12, 22, 'routes[0].when.outcome', 'outcome must be one of the following values: allow, needs_exception'),
    );
  });

  it.each([
    ['boss', expect.stringMatching(/^unknown approver "boss"; expected supervisor, section_head, /)],
    [
      'grade:kachou@department',
      expect.stringMatching(/^unknown grade "kachou" in "grade:kachou@department"; expected one of: staff, shunin,/),
    ],
    ['grade:kacho@city', '"grade:kacho@city" must end with @section or @department (the requester\'s own unit)'],
    ['staff:', '"staff:" needs a code after "staff:", e.g. staff:S0123'],
    ['personnel_section', '"personnel_section" names a whole section; one person is needed here (e.g. personnel_head)'],
  ])('refuses the approver %s', (approver, message) => {
    expect(errorsOf(editRouting(['approver: department_head', `approver: "${approver}"`]))).toEqual([
      at(21, 43, 'routes[1].steps[2].approver', message),
    ]);
  });

  it('refuses a section the organisation does not have, only when the organisation is given', () => {
    const content = editRouting(['approvers: [personnel_head]', 'approvers: [personnel_head, section_head:GENL-99]']);
    expect(errorsOf(content)).toEqual([
      at(20, 61, 'routes[1].steps[1].approvers[1]', 'unknown section "GENL-99": not in the organisation'),
    ]);
    expect(validateRoutingFile(content).errors).toEqual([]);
    expect(errorsOf(editRouting(['personnelSection: GENL-02', 'personnelSection: JINJI']))).toEqual([
      at(3, 19, 'personnelSection', 'unknown section "JINJI": not in the organisation'),
    ]);
  });

  it('refuses personnel_head when personnelSection is not set', () => {
    const message = (r: string) => `${r} needs personnelSection at the top level of the file`;
    expect(errorsOf(editRouting(['personnelSection: GENL-02\n', '']))).toEqual([
      at(19, 45, 'routes[1].steps[1].approvers[0]', message('personnel_head')),
      at(21, 44, 'routes[1].steps[3].approvers[0]', message('personnel_section')),
    ]);
  });

  it('refuses a route whose last decision is a consultation', () => {
    const content = editRouting([
      '      - { id: c, kind: approve, approver: department_head, reminderHours: 8, escalateHours: 16, escalateTo: deputy_mayor }\n',
      '',
    ]);
    expect(errorsOf(content)).toEqual([
      at(
        20,
        24,
        'routes[1].steps[1].kind',
        'the last decision step must be an approve step (the 決裁); "b" is a consult step',
      ),
    ]);
  });

  it('refuses a final approver whose post cannot hold the decider grade', () => {
    expect(errorsOf(editRouting(['approver: department_head', 'approver: section_head']))).toEqual([
      at(
        21,
        43,
        'routes[1].steps[2].approver',
        'the final approver "section_head" is a kacho post; class "exception" is decided by a bucho',
      ),
    ]);
  });

  it('refuses 代決 on a step of a class that allows none', () => {
    expect(errorsOf(editRouting(['approver: department_head,', 'approver: department_head, daiketsu: true,']))).toEqual(
      [
        at(
          21,
          70,
          'routes[1].steps[2].daiketsu',
          'class "exception" allows no 代決; a step can only refuse it (daiketsu: false)',
        ),
      ],
    );
  });

  it('refuses deadlines that escalate before they remind, and a consultation that cannot escalate', () => {
    const content = editRouting(
      ['reminderHours: 8, escalateHours: 16, escalateTo', 'reminderHours: 16, escalateHours: 16, escalateTo'],
      ['onDeadline: agree, ', ''],
    );
    expect(errorsOf(content)).toEqual([
      at(
        20,
        9,
        'routes[1].steps[1].onDeadline',
        'a 合議 step that escalates at its deadline (onDeadline: escalate, the default) needs escalateTo',
      ),
      at(21, 94, 'routes[1].steps[2].escalateHours', 'escalateHours (16) must be later than reminderHours (16)'),
    ]);
  });

  it('refuses a quorum larger than the parties, and a mode that does not exist', () => {
    expect(errorsOf(editRouting(['onDeadline: agree', 'onDeadline: agree, mode: { quorum: 2 }']))).toEqual([
      at(20, 87, 'routes[1].steps[1].mode', 'quorum 2 is more than the 1 parties'),
    ]);
    expect(errorsOf(editRouting(['onDeadline: agree', 'onDeadline: agree, mode: most']))).toEqual([
      at(
        20,
        87,
        'routes[1].steps[1].mode',
        'mode must be all, any or { quorum: N } with N a whole number of at least 1',
      ),
    ]);
  });

  it('refuses duplicate route and step ids at the second one', () => {
    expect(errorsOf(editRouting(['id: exception', 'id: standard'], ['{ id: b,', '{ id: a,']))).toEqual([
      at(15, 9, 'routes[1].id', 'duplicate route id "standard" (first used by routes[0])'),
      at(20, 15, 'routes[1].steps[1].id', 'duplicate step id "a" (first used by steps[0])'),
    ]);
  });

  it('checks the 専決 table: grades, deputies, class ids, its shape', () => {
    expect(errorsOf(editRouting(['{ decider: kacho,', '{ decider: manager,']))).toEqual([
      at(
        7,
        24,
        'classes.standard.decider',
        expect.stringContaining('decider must be one of the following values: staff,'),
      ),
    ]);
    expect(errorsOf(editRouting(['deputyMinGrade: kacho,', 'deputyMinGrade: shicho,']))).toEqual([
      at(
        8,
        48,
        'classes.exception.deputyMinGrade',
        'deputyMinGrade (shicho) is above the decider (bucho): a deputy stands in for the decider',
      ),
    ]);
    const badId = editRouting(['  exception:', '  Exception:'], ['class: exception', 'class: Exception']);
    expect(errorsOf(badId)).toEqual([
      at(
        8,
        3,
        'classes.Exception',
        'class id "Exception" must be lower-case letters, digits, - or _ (at most 64), e.g. standard',
      ),
    ]);
    const list = ROUTING_YAML.replace(/^classes:\n( {2}.*\n)+/m, 'classes: [standard, exception]\n');
    expect(errorsOf(list)[0]).toEqual(
      at(6, 10, 'classes', 'classes must be a mapping: class id → { decider, deputyMinGrade, daiketsu }'),
    );
  });

  it('checks the working hours and their breaks', () => {
    const content = editRouting([
      '{ start: "08:30", end: "17:15" }',
      '{ start: "08:30", end: "17:15", breaks: [{ start: "12:00", end: "13:00" }, { start: "12:30", end: "12:45" }, { start: "18:00", end: "17:00" }] }',
    ]);
    expect(errorsOf(content)).toEqual([
      at(4, 90, 'workingHours.breaks[1]', 'break 12:30–12:45 must lie inside the working hours, after the one before'),
      at(4, 147, 'workingHours.breaks[2].end', 'end (17:00) must be after start (18:00)'),
    ]);
    expect(errorsOf(editRouting(['end: "17:15"', 'end: "08:00"']))).toEqual([
      at(4, 38, 'workingHours.end', 'end (08:00) must be after start (08:30)'),
    ]);
    expect(errorsOf(editRouting(['end: "17:15"', 'end: "5pm"']))).toEqual([
      at(4, 38, 'workingHours.end', 'end must be a time written HH:MM (00:00–23:59)'),
    ]);
  });

  it('hashes the content: a changed comment is a new version', () => {
    const a = loadRouting({ file: 'a', content: ROUTING_YAML });
    const b = loadRouting({ file: 'a', content: `${ROUTING_YAML}# changed\n` });
    expect(a.ok && b.ok && a.hash !== b.hash && a.hash === a.routing.hash).toBe(true);
    expect(validateRoutingFile(ROUTING_YAML, DEMO_ORG)).toEqual({ valid: true, errors: [] });
  });
});
