import { describe, expect, it } from 'vitest';
import { corporateCheckDigit, isCorporateNumber } from './corporate-number.ts';
import { KIND_LABELS, MEMBER_ROLES, mayHaveParent, ORGANISATION_KINDS, ROLE_LABELS } from './organisation.ts';

describe('the registry tree', () => {
  it('follows 市 → 区 → 校区 → 自治会 → 班, sections under their ward office, partners at the top', () => {
    expect(mayHaveParent('ward_office', null)).toBe(true);
    expect(mayHaveParent('community_council', 'ward_office')).toBe(true);
    expect(mayHaveParent('association', 'community_council')).toBe(true);
    expect(mayHaveParent('han', 'association')).toBe(true);
    expect(mayHaveParent('ward_section', 'ward_office')).toBe(true);
    for (const top of ['city_department', 'npo', 'company', 'university', 'circle'] as const) expect(mayHaveParent(top, null)).toBe(true);
    expect(mayHaveParent('han', 'community_council')).toBe(false);
    expect(mayHaveParent('association', null)).toBe(false);
    expect(mayHaveParent('npo', 'ward_office')).toBe(false);
    expect(mayHaveParent('ward_office', 'ward_office')).toBe(false);
  });

  it('labels every kind and role in Japanese and English', () => {
    for (const k of ORGANISATION_KINDS) expect(KIND_LABELS[k].ja && KIND_LABELS[k].en).toBeTruthy();
    for (const r of MEMBER_ROLES) expect(ROLE_LABELS[r].ja && ROLE_LABELS[r].en).toBeTruthy();
    expect(ROLE_LABELS.han_leader.ja).toBe('班長');
    expect(ROLE_LABELS.auditor.ja).toBe('監事');
  });
});

describe('法人番号', () => {
  it('accepts a number whose first digit is the NTA check digit of the other twelve', () => {
    expect(isCorporateNumber('7000012050002')).toBe(true); // 国税庁's own
    expect(corporateCheckDigit('000012050002')).toBe(7);
  });

  it('refuses a mistyped digit, swapped neighbours, the wrong length and non-digits', () => {
    expect(isCorporateNumber('7000012050003')).toBe(false);
    expect(isCorporateNumber('7000010250002')).toBe(false);
    expect(isCorporateNumber('700001205000')).toBe(false);
    expect(isCorporateNumber('700001205000a')).toBe(false);
  });
});
