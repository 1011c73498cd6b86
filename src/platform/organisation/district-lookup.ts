/**
 * Finding one's 校区 from an address as residents type it (address.ts reads it), with the 校区's
 * community council and the associations under it. More than one answer is possible (a town name in two
 * wards, typed without the ward): all are given, and the page asks for the ward to narrow it.
 */
import type { Db } from '../../db/database.ts';
import { InvalidInputError } from '../../lib/errors.ts';
import { parseAddress, stripWard, townKeysOf } from './address.ts';
import * as repo from './district.repository.ts';
import * as registry from './organisation.repository.ts';
import { toOrganisation } from './organisation.ts';

export interface DistrictMatch {
  ward: { id: string; name: string; nameEn: string };
  /** The 町丁目 as the city writes it; null when only the postcode was recognised. */
  town: string | null;
  postcode: string | null;
  schoolDistrict: { id: string; name: string; nameKana: string };
  council: { id: string; name: string } | null;
  associations: { id: string; name: string }[];
}

export interface LookupResult {
  address: string;
  matches: DistrictMatch[];
}

export const MAX_ADDRESS_LENGTH = 200;

type AreaHit = Awaited<ReturnType<typeof repo.findAreasByTownKeys>>[number];

export async function lookupDistrict(db: Db, city: { name: string; prefecture: string }, typed: string): Promise<LookupResult> {
  const address = typed.trim();
  if (address === '') throw new InvalidInputError([{ field: 'address', key: 'errLookupRequired' }]);
  if (address.length > MAX_ADDRESS_LENGTH)
    throw new InvalidInputError([{ field: 'address', key: 'errLookupTooLong', params: { max: MAX_ADDRESS_LENGTH } }]);
  const parsed = parseAddress(address, { city: city.name, prefecture: city.prefecture });
  const wards = await repo.listWardNames(db);
  const { ward, rest } = stripWard(parsed.rest, wards);
  const keys = townKeysOf(rest);

  let hits: AreaHit[] = [];
  const found = await repo.findAreasByTownKeys(db, keys, ward?.id);
  // The most specific key that names a 町丁目 wins: 中央1丁目 before 中央.
  for (const key of keys) {
    hits = found.filter((a) => a.town_key === key);
    if (hits.length > 0) break;
  }
  if (hits.length > 1 && parsed.postcode) {
    const byPostcode = hits.filter((h) => h.postcode === parsed.postcode);
    if (byPostcode.length > 0) hits = byPostcode;
  }
  let townKnown = hits.length > 0;
  if (hits.length === 0 && parsed.postcode) {
    hits = (await repo.findAreasByPostcode(db, parsed.postcode)).filter((h) => !ward || h.ward_id === ward.id);
    // A postcode alone answers only when all its 町丁目 are in one 校区.
    if (new Set(hits.map((h) => h.district_id)).size !== 1) hits = [];
    townKnown = new Set(hits.map((h) => h.town)).size === 1;
  }

  const wardById = new Map(wards.map((w) => [w.id, w]));
  const matches: DistrictMatch[] = [];
  const seen = new Set<string>();
  for (const hit of hits) {
    const key = `${hit.district_id}\u0000${townKnown ? hit.town : ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const w = wardById.get(hit.ward_id);
    const councilRow = await repo.findCouncilOfDistrict(db, hit.district_id);
    const associations = councilRow
      ? (await registry.listChildren(db, councilRow.id))
          .map(toOrganisation)
          .filter((o) => o.official && o.kind === 'association')
          .map((o) => ({ id: o.id, name: o.name }))
      : [];
    matches.push({
      ward: { id: hit.ward_id, name: w?.name ?? hit.ward_id, nameEn: w?.name_en ?? hit.ward_id },
      town: townKnown ? hit.town : null,
      postcode: townKnown ? hit.postcode : (parsed.postcode ?? null),
      schoolDistrict: { id: hit.district_id, name: hit.district_name, nameKana: hit.district_name_kana },
      council: councilRow ? { id: councilRow.id, name: councilRow.name } : null,
      associations,
    });
    if (matches.length >= 10) break;
  }
  return { address, matches };
}
