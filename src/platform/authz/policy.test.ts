/** The policy on actors built in memory: what each role reaches, and the union when a person holds several. */
import { describe, expect, it } from 'vitest';
import { ForbiddenError, InvalidInputError } from '../../lib/errors.ts';
import type { Role, RoleAssignment, ScopeKind, User } from './actor.ts';
import {
  canActOnFacility,
  canOverseeOffice,
  canOverseeWard,
  canWorkCounter,
  facilityReach,
  hasRole,
  isAdmin,
  isStaff,
  requireAdmin,
  requireCounterWork,
  requireMayRevoke,
  requireStaff,
  resolveStaffScope,
} from './policy.ts';

const at = (role: Role, kind: ScopeKind, id: string | null, wardId: string | null = null): RoleAssignment => ({
  role,
  scope: { kind, id },
  wardId: kind === 'ward' ? id : wardId,
});
const actor = (...assignments: RoleAssignment[]): User => ({
  id: 'u1',
  number: '10000001',
  email: null,
  name: 'x',
  nameKana: 'x',
  phone: '',
  residency: 'resident',
  birthYear: null,
  multipurposeStatus: 'none',
  multipurposeExpiresOn: null,
  assignments,
});

const f = (id: string, wardId: string) => ({ id, wardId });
const admin = actor(at('admin', 'city', null));
const ward = actor(at('ward_officer', 'ward', 'kokurakita'));
const clerk = actor(at('centre_staff', 'facility', 'f1', 'kokurakita'));
const twoCentres = actor(at('centre_staff', 'facility', 'f1', 'kokurakita'), at('centre_staff', 'facility', 'm1', 'moji'));
const resident = actor();
const officer = actor(at('organisation_officer', 'organisation', 'org1', 'moji'));
const counter = actor(at('counter_clerk', 'ward_office', 'office1', 'moji'));

describe('who is staff, who is admin', () => {
  it('counts every city role as staff, an organisation officer and a resident as neither', () => {
    expect([admin, ward, clerk, counter].map(isStaff)).toEqual([true, true, true, true]);
    expect([officer, resident, undefined].map(isStaff)).toEqual([false, false, false]);
    expect(() => requireStaff(officer)).toThrow(ForbiddenError);
    expect([admin, ward, clerk].map(isAdmin)).toEqual([true, false, false]);
    expect(() => requireAdmin(ward)).toThrow(ForbiddenError);
    expect(requireAdmin(admin)).toBe(admin);
  });

  it('answers hasRole for a role anywhere or at one scope', () => {
    expect(hasRole(twoCentres, 'centre_staff')).toBe(true);
    expect(hasRole(twoCentres, 'centre_staff', { kind: 'facility', id: 'm1' })).toBe(true);
    expect(hasRole(twoCentres, 'centre_staff', { kind: 'facility', id: 'f2' })).toBe(false);
    expect(hasRole(twoCentres, 'ward_officer')).toBe(false);
  });
});

describe('the room desk', () => {
  it('lets a clerk act on their facility, a ward officer on the ward’s, an admin on all', () => {
    expect(canActOnFacility(clerk, f('f1', 'kokurakita'))).toBe(true);
    expect(canActOnFacility(clerk, f('f2', 'kokurakita'))).toBe(false);
    expect(canActOnFacility(ward, f('f2', 'kokurakita'))).toBe(true);
    expect(canActOnFacility(ward, f('m1', 'moji'))).toBe(false);
    expect(canActOnFacility(admin, f('m1', 'moji'))).toBe(true);
    expect(canActOnFacility(counter, f('m1', 'moji'))).toBe(false);
    expect(canActOnFacility(undefined, f('f1', 'kokurakita'))).toBe(false);
  });

  it('gives someone holding several assignments the union of them', () => {
    expect(canActOnFacility(twoCentres, f('f1', 'kokurakita'))).toBe(true);
    expect(canActOnFacility(twoCentres, f('m1', 'moji'))).toBe(true);
    expect(canActOnFacility(twoCentres, f('f2', 'kokurakita'))).toBe(false);
    const wardAndCentre = actor(at('ward_officer', 'ward', 'kokurakita'), at('centre_staff', 'facility', 'm1', 'moji'));
    expect(facilityReach(wardAndCentre)).toEqual({ city: false, wardIds: ['kokurakita'], facilityIds: ['m1'], facilityWardIds: ['moji'] });
    expect(canActOnFacility(wardAndCentre, f('f9', 'kokurakita'))).toBe(true);
    expect(canActOnFacility(wardAndCentre, f('m1', 'moji'))).toBe(true);
    expect(canOverseeWard(wardAndCentre, 'kokurakita')).toBe(true);
    expect(canOverseeWard(wardAndCentre, 'moji')).toBe(false); // a centre is not its ward
  });
});

describe('a ward office’s figures', () => {
  it('are for admins, the office’s counter clerks and its ward’s officers; not a centre’s staff or another office’s clerk', () => {
    const office = { id: 'org_kokurakita_office', wardId: 'kokurakita' };
    const counter = actor(at('counter_clerk', 'ward_office', 'org_kokurakita_office', 'kokurakita'));
    const otherCounter = actor(at('counter_clerk', 'ward_office', 'org_tobata_office', 'tobata'));
    expect(canOverseeOffice(admin, office)).toBe(true);
    expect(canOverseeOffice(counter, office)).toBe(true);
    expect(canOverseeOffice(ward, office)).toBe(true);
    expect(canOverseeOffice(clerk, office)).toBe(false);
    expect(canOverseeOffice(otherCounter, office)).toBe(false);
    expect(canOverseeOffice(ward, { id: 'org_city_branch', wardId: null })).toBe(false);
    expect(canOverseeOffice(undefined, office)).toBe(false);
  });
});

describe('resolveStaffScope', () => {
  it('keeps the one-role answers: a clerk their facility, a ward officer their ward, an admin the city', () => {
    expect(resolveStaffScope(clerk, {})).toEqual({ facilityId: 'f1' });
    expect(resolveStaffScope(ward, {})).toEqual({ wardId: 'kokurakita' });
    expect(resolveStaffScope(admin, {})).toEqual({});
    expect(resolveStaffScope(admin, { wardId: 'moji' })).toEqual({ wardId: 'moji' });
    expect(resolveStaffScope(clerk, { wardId: 'kokurakita', facility: f('f1', 'kokurakita') })).toEqual({
      facilityId: 'f1',
      wardId: 'kokurakita',
    });
    expect(() => resolveStaffScope(clerk, { wardId: 'kokurakita' })).toThrow(ForbiddenError);
    expect(() => resolveStaffScope(ward, { wardId: 'moji' })).toThrow(ForbiddenError);
    expect(() => resolveStaffScope(ward, { facility: f('m1', 'moji') })).toThrow(ForbiddenError);
    expect(() => resolveStaffScope(admin, { wardId: 'moji', facility: f('f1', 'kokurakita') })).toThrow(InvalidInputError);
    expect(() => resolveStaffScope(resident, {})).toThrow(ForbiddenError);
  });

  it('lets someone with several places ask about any of them, and answers nothing asked with the widest one', () => {
    expect(resolveStaffScope(twoCentres, { facility: f('m1', 'moji') })).toEqual({ facilityId: 'm1', wardId: 'moji' });
    expect(resolveStaffScope(twoCentres, {})).toEqual({ facilityId: 'f1' });
    expect(() => resolveStaffScope(twoCentres, { wardId: 'moji' })).toThrow(ForbiddenError);
    const twoWards = actor(
      at('ward_officer', 'ward', 'moji'),
      at('ward_officer', 'ward', 'kokurakita'),
      at('centre_staff', 'facility', 'y1', 'yahata'),
    );
    expect(resolveStaffScope(twoWards, {})).toEqual({ wardId: 'kokurakita' });
    expect(resolveStaffScope(twoWards, { wardId: 'moji' })).toEqual({ wardId: 'moji' });
    expect(resolveStaffScope(twoWards, { facility: f('y1', 'yahata') })).toEqual({ facilityId: 'y1', wardId: 'yahata' });
    expect(() => resolveStaffScope(twoWards, { wardId: 'yahata' })).toThrow(ForbiddenError);
    expect(resolveStaffScope(counter, {})).toEqual({ facilityId: '-' }); // no room-desk role: matches no facility
  });
});

describe('revoking', () => {
  it('lets an admin revoke anything but their own admin role', () => {
    expect(() => requireMayRevoke(admin, { userId: 'u1', role: 'admin' })).toThrow(ForbiddenError);
    expect(requireMayRevoke(admin, { userId: 'u2', role: 'admin' })).toBe(admin);
    expect(() => requireMayRevoke(ward, { userId: 'u2', role: 'centre_staff' })).toThrow(ForbiddenError);
  });
});

describe('the queue of a ward office (canWorkCounter)', () => {
  const counter = actor(at('counter_clerk', 'ward_office', 'org_office_a', 'kokurakita'));
  it('lets admins and that office’s counter clerks work its queue, and nobody else', () => {
    expect(canWorkCounter(admin, 'org_office_a')).toBe(true);
    expect(canWorkCounter(counter, 'org_office_a')).toBe(true);
    expect(canWorkCounter(counter, 'org_office_b')).toBe(false);
    expect(canWorkCounter(ward, 'org_office_a')).toBe(false);
    expect(canWorkCounter(clerk, 'org_office_a')).toBe(false);
    expect(canWorkCounter(undefined, 'org_office_a')).toBe(false);
    expect(() => requireCounterWork(counter, 'org_office_b')).toThrow(ForbiddenError);
    expect(requireCounterWork(counter, 'org_office_a')).toBe(counter);
  });
});
