/**
 * Persons of a document with their role codes (catalogue `person_roles`), the signer and the
 * declarant, from the layout conventions of DOMAIN §4:
 * - signature boxes: a caps role line ("ĐIỀU TRA VIÊN", "KT. THỦ TRƯỞNG" / "PHÓ THỦ TRƯỞNG") then the
 *   name line (ranks allowed);
 * - labelled clauses: "Bị can: X", "Khởi tố bị can đối với: X", "Thẩm phán chủ tọa phiên tòa: X",
 *   party blocks ("Nguyên đơn: Công ty …; người đại diện theo ủy quyền: bà X"), numbered lists after
 *   a label ending in ":" ("… các bị can:" / "1. X, sinh ngày …");
 * - participants introduced with a descriptor ("Tôi: Đại úy X, Điều tra viên …", "- Ông (bà) X, Kiểm
 *   sát viên …"); "ghi lời khai của: X" + "Tư cách tham gia tố tụng: Bị hại".
 * Matching is on folded text (no diacritics, no case) with fuzzy role wordings, so OCR noise is
 * tolerated. Pure; bad input gives empty results.
 */
import { authorityPrefix, words, type RoleVocabulary } from './roles.ts';
import { fold, isCapsLine } from './text.ts';

export { buildRoleVocabulary, type CataloguePersonRole, type RoleVocabulary } from './roles.ts';

export interface ExtractedPerson {
  name: string;
  role: string;
}

export interface DocumentSigner {
  name: string;
  /** the title printed above the name ("PHÓ THỦ TRƯỞNG", "THẨM PHÁN CHỦ TỌA PHIÊN TÒA") */
  title: string | null;
  /** "KT." | "TM." | "TL." | "Q." | "TUQ." or null */
  authority: string | null;
}

export interface DocumentDeclarant {
  name: string;
  /** person role code, or null when the document does not say */
  role: string | null;
}

/** State shared by the documents of one case (contract sides named "Bên A"/"Bên B"). */
export interface PersonsContext {
  /** folded side letter ("A") → folded side words ("BEN BAN") */
  sides: Map<string, string>;
}

export function createPersonsContext(): PersonsContext {
  return { sides: new Map() };
}

export interface ExtractDocumentPersonsInput {
  lines: readonly string[];
  vocabulary: RoleVocabulary;
  /** catalogue type code of the document (KHAC when unknown) */
  typeCode: string;
  title?: string | null;
  /** the declarant is looked for in these documents (statements, self-declarations) */
  hasDeclarant?: boolean;
  context?: PersonsContext;
}

export interface ExtractDocumentPersonsResult {
  persons: ExtractedPerson[];
  signer: DocumentSigner | null;
  declarant: DocumentDeclarant | null;
}

const RANK = /^(?:đại|thượng|trung|thiếu|dai|thuong|thieu)\s*(?:tá|úy|uý|tướng|ta|uy|tuong)\s+/iu;
const HONORIFIC =
  /^(?:ông\s*\(\s*bà\s*\)|ông\s*\/\s*bà|ông|bà|anh|chị|em|cháu|cụ|luật\s+sư|bác\s+sĩ|đồng\s+chí|đ\/c|ong|ba|chi|chau|cu|luat\s+su)\s+/iu;
/**
 * First words of capitalised phrases that are not names (agencies, places, articles, dialogue).
 * Compared with diacritics ("Không" is not a name, "Khổng" is a surname); the folded list holds only
 * words that are no surname even without diacritics (OCR output).
 */
const NOT_A_SURNAME = new Set(
  'công viện tòa toà cơ hội bộ ủy uỷ phòng trại nhà sở cục ngân tổng không đội ban chi xã huyện quận tỉnh thành điều khoản bên tập hồ ngày tháng năm hỏi đáp trả người các những và theo tại về việc đơn biên quyết lệnh giấy căn tội chứng hai tôi chúng luật số'.split(
    ' ',
  ),
);
const NOT_A_SURNAME_FOLDED = new Set(
  'CONG VIEN TOA PHONG TRAI CUC HUYEN QUAN TINH XA DIEU KHOAN BEN NGAY THANG NGUOI CAC NHUNG THEO TAI VIEC BIEN QUYET LENH GIAY CAN TOI UY SO BO TOI CHUNG'.split(
    ' ',
  ),
);
const SYLLABLE = /^\p{Lu}[\p{Ll}]*$|^\p{Lu}\d?$/u;

/** Normalises a name candidate: NFC, OCR-merged syllables split ("NguyễnĐức" → "Nguyễn Đức"). */
function cleanName(raw: string): string {
  return raw
    .normalize('NFC')
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A person name at the start of `text` after ranks and honorifics: 2–5 capitalised syllables of
 * Vietnamese letters, ending at a non-letter. Returns the name and the text after it.
 */
export function leadingName(text: string): { name: string; rest: string } | null {
  let s = text.replace(/^[\s\-–•+*]+/, '').replace(/^\d{1,2}\s*[.)]\s+/, '');
  // one honorific then one rank: "bà Ông Thị Lụa" keeps the surname Ông
  s = s.replace(HONORIFIC, '').replace(RANK, '');
  s = cleanName(s);
  const tokens = s.split(' ');
  const name: string[] = [];
  let consumed = 0;
  for (const token of tokens) {
    const word = token.replace(/[,.;:()"“”]+$/, '');
    if (!SYLLABLE.test(word)) {
      break;
    }
    if (name.length === 5) {
      return null; // six capitalised words: a heading or an agency, not a name
    }
    name.push(word);
    consumed += (name.length > 1 ? 1 : 0) + word.length;
    if (word !== token) {
      break; // punctuation ends the name
    }
  }
  // "Mai Văn Cường (có mặt)": a trailing single capital belongs to an anonymised name ("Nguyễn Văn A")
  if (name.length < 2 || name.length > 5) {
    return null;
  }
  const first = name[0] ?? '';
  if (NOT_A_SURNAME.has(first.toLowerCase()) || NOT_A_SURNAME_FOLDED.has(fold(first))) {
    return null;
  }
  return { name: name.join(' '), rest: s.slice(Math.min(consumed, s.length)) };
}

/** Every name of a value listing persons ("X, Y và Z", "X; Y"); stops at the first non-name part. */
function namesOf(value: string): Array<{ name: string; rest: string }> {
  const out: Array<{ name: string; rest: string }> = [];
  let rest = value;
  for (let i = 0; i < 8; i++) {
    const hit = leadingName(rest);
    if (!hit) {
      break;
    }
    out.push(hit);
    const next = /^\s*(?:,|và|;)\s*/u.exec(hit.rest);
    if (!next) {
      break;
    }
    rest = hit.rest.slice(next[0].length);
  }
  return out;
}

/** OCR keeps only the end of a rank cut by the seal: "ợng tá X", "ung tá X". */
const RANK_FRAGMENT = /^\W*(?:\p{L}{1,6}\s+)?(?:tá|úy|uý|tướng)\s+/u;

function isRanked(line: string): boolean {
  return RANK.test(line.replace(/^\W+/, '')) || RANK_FRAGMENT.test(line);
}

/** A line that holds only a person name (signature boxes): "[rank] Name" or "Name, Name". */
function nameLine(line: string): string[] {
  const names = namesOf(line.replace(RANK_FRAGMENT, ''));
  if (names.length === 0) {
    return [];
  }
  const last = names[names.length - 1];
  return last && !/\p{L}/u.test(last.rest.replace(/có mặt|vắng mặt/gu, ''))
    ? names.map((n) => n.name)
    : [];
}

/**
 * Common Vietnamese family names (folded), used only to cut a line of several names printed side by
 * side under side-by-side signature boxes ("Vũ Hữu Long Mai Văn Cường") when the count is uneven.
 */
const SURNAMES = new Set(
  'NGUYEN TRAN LE PHAM HOANG HUYNH PHAN VU VO DANG BUI DO HO NGO DUONG LY DINH DOAN TRINH TRUONG LAM LUU MAI CAO HA TA TO THAI TANG LA KHUC NGHIEM QUACH KIEU LUONG LO VUONG TON CHU THAN LUC VI NONG HAU GIANG THAO SAM HUA KHONG MAC AU KHA TIEU ONG DAM THACH TRIEU LIEU PHUNG PHI HONG TONG DONG UNG LAC TANG BE QUANG LUONG DIEP VIEN'.split(
    ' ',
  ),
);

/** Cuts a line of `count` names written one after the other into names of 2–4 syllables. */
function splitNames(line: string, count: number): string[] | null {
  const tokens = line
    .replace(/^[\s\-–•_.,:;|]+|[\s\-–•_.,:;|]+$/g, '')
    .replace(RANK_FRAGMENT, '')
    .replace(/\b(?:đại|thượng|trung|thiếu)\s+(?:tá|úy|uý|tướng)\s+/giu, '')
    .split(/\s+/)
    .map(cleanName)
    .flatMap((t) => t.split(' '));
  if (tokens.length < count * 2 || tokens.length > count * 4) {
    return null;
  }
  if (!tokens.every((t) => SYLLABLE.test(t))) {
    return null;
  }
  let best: { parts: string[]; score: number } | null = null;
  const walk = (from: number, parts: string[], score: number) => {
    if (parts.length === count) {
      if (from === tokens.length && (!best || score > best.score)) {
        best = { parts: [...parts], score };
      }
      return;
    }
    for (let size = 2; size <= 4 && from + size <= tokens.length; size++) {
      const part = tokens.slice(from, from + size);
      const bonus = (SURNAMES.has(fold(part[0] ?? '')) ? 2 : 0) + (size === 3 ? 1 : 0);
      parts.push(part.join(' '));
      walk(from + size, parts, score + bonus);
      parts.pop();
    }
  };
  walk(0, [], 0);
  const found = best as { parts: string[] } | null;
  if (!found || found.parts.some((p) => NOT_A_SURNAME.has((p.split(' ')[0] ?? '').toLowerCase()))) {
    return null;
  }
  return found.parts;
}

/** Stamp or signature debris OCR leaves between a box title and the name ("cởi", "———ỄẼỄ"). */
function isDebris(line: string): boolean {
  const letters = (line.match(/\p{L}/gu) ?? []).length;
  return letters <= 6 && nameLine(line).length === 0;
}

interface SignatureBlock {
  roleLines: string[];
  names: string[];
  role: string | null;
  declarantBox: boolean;
  authority: string | null;
  title: string | null;
}

const SIDE = /\bBEN\s+([A-Z])\b/;

/** Side words of a contract party label: "BÊN BÁN (Bên A)" → {side: "A", words: "BEN BAN"}. */
function contractSide(label: string): { letter: string | null; key: string } | null {
  const w = words(label);
  const m = /^BEN ([A-Z]{2,}(?: [A-Z]{2,})?)(?: BEN ([A-Z]))?$/.exec(w.replace(/ (?:\d+)$/, ''));
  if (m && m[1] && m[1].length > 1 && !/^[A-Z]$/.test(m[1])) {
    return { letter: m[2] ?? null, key: `BEN ${m[1]}` };
  }
  return null;
}

function resolveSides(text: string, context: PersonsContext | undefined): string {
  const w = words(text);
  const m = SIDE.exec(w);
  if (!m || !context) {
    return w;
  }
  const side = context.sides.get(m[1] ?? '');
  return side ? w.replace(SIDE, side) : w;
}

const SIGN_NOISE =
  /^\W*\(?\s*(?:DA KY|KY|KY TEN|KY,? GHI RO HO TEN|KY,? DONG DAU|DA KY VA DONG DAU|DAU)\b[^)]*\)?\W*$/;

/** Signature boxes: caps role lines (≤ 6, "Số:"/"Ngày" lines of approval boxes allowed) then a name line. */
function signatureBlocks(
  lines: readonly string[],
  vocabulary: RoleVocabulary,
  context: PersonsContext | undefined,
): SignatureBlock[] {
  const blocks: SignatureBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i] ?? '';
    if (!isCapsLine(first) || first.includes(':') || words(first).split(' ').length > 14) {
      continue;
    }
    // boxes side by side, read as one title line and one name line
    const titles = vocabulary.splitBoxLine(first);
    if (titles) {
      let j = i + 1;
      while (j < lines.length && j <= i + 3 && isDebris(lines[j] ?? '')) {
        j++;
      }
      const names = splitNames(lines[j] ?? '', titles.length);
      if (names) {
        titles.forEach((title, k) => {
          blocks.push(describeBlock([title], [names[k] ?? ''], vocabulary, context));
        });
        i = j;
        continue;
      }
    }
    if (words(first).split(' ').length > 9) {
      continue;
    }
    const roleLines: string[] = [first];
    let j = i + 1;
    let names: string[] = [];
    for (; j < lines.length && j <= i + 6; j++) {
      const line = lines[j] ?? '';
      names = nameLine(line);
      if (names.length > 0) {
        break;
      }
      const f = fold(line);
      if (isCapsLine(line) || /^\W*(SO\s*:|NGAY\b)/.test(f)) {
        roleLines.push(line);
        continue;
      }
      // signature marks and stamps between the title and the name: "(đã ký)", "(Ký, ghi rõ họ tên)"
      if (SIGN_NOISE.test(f) || isDebris(line)) {
        continue;
      }
      break;
    }
    if (names.length === 0) {
      continue;
    }
    const block = describeBlock(roleLines, names, vocabulary, context);
    // procuracy staff hold no military rank: a ranked name under a lost approval title is the
    // police signer, and the approver's name follows
    if (block.role === 'NGUOI_PHE_CHUAN' && isRanked(lines[j] ?? '')) {
      const next = lines.slice(j + 1, j + 4).findIndex((l) => nameLine(l).length > 0);
      if (next >= 0) {
        blocks.push({ ...block, role: 'NGUOI_KY', names, roleLines: [], title: null });
        j = j + 1 + next;
        block.names = nameLine(lines[j] ?? '');
      }
    }
    blocks.push(block);
    i = j;
  }
  return blocks;
}

function describeBlock(
  roleLines: string[],
  names: string[],
  vocabulary: RoleVocabulary,
  context: PersonsContext | undefined,
): SignatureBlock {
  const block: SignatureBlock = {
    roleLines,
    names,
    role: null,
    declarantBox: false,
    authority: null,
    title: null,
  };
  const caps = roleLines.filter((l) => !/^\W*(SO\s*:|NGAY\b)/.test(fold(l)));
  const head = words(caps[0] ?? '');
  if (/^(PHE CHUAN|DUYET)\b/.test(head)) {
    block.role = vocabulary.has('NGUOI_PHE_CHUAN') ? 'NGUOI_PHE_CHUAN' : null;
    return block;
  }
  if (/^(XAC NHAN|CHUNG THUC|SAO Y|CAC DUONG SU|DUONG SU)\b/.test(head)) {
    return block; // a certification or a joint box: no role of its own
  }
  for (const [k, line] of caps.entries()) {
    const prefix = authorityPrefix(line);
    if (prefix) {
      block.authority = prefix.prefix;
      block.title = caps[k + 1] ?? prefix.rest;
      block.role = 'NGUOI_KY';
      return block;
    }
  }
  const joined = caps.join(' ');
  block.title = joined;
  if (vocabulary.isDeclarantBox(caps[0] ?? '')) {
    block.declarantBox = true;
    return block;
  }
  const sideWords = resolveSides(caps[0] ?? '', context);
  let role = vocabulary.labelRole(sideWords);
  if (role && caps.length > 1 && vocabulary.isAuthorityTitle(caps[caps.length - 1] ?? '')) {
    // "NGƯỜI KHỞI KIỆN" / "GIÁM ĐỐC": the head of an organisation signs for the party
    const party = vocabulary.roles.get(role);
    if (party?.group === 'party' && !/DAI DIEN/.test(words(party.name_vi))) {
      role = vocabulary.representativeOf(role) ?? role;
    }
    block.title = caps[caps.length - 1] ?? joined;
  }
  if (!role && vocabulary.isAuthorityTitle(caps[caps.length - 1] ?? '')) {
    role = 'NGUOI_KY';
    block.title = caps[caps.length - 1] ?? joined;
  }
  block.role = role;
  return block;
}

/** Joins lines into text where a line break only survives before items, after ".;:" and around caps lines. */
function flow(lines: readonly string[]): string {
  let out = '';
  let prev = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) {
      continue;
    }
    const hard =
      out === '' ||
      /[.;]$/.test(prev) ||
      /^(\d{1,2}|[a-zđ])\s*[.)]\s|^[-–•+*]\s*/u.test(line) ||
      /^\p{Lu}[^:\d]{0,40}:/u.test(line) ||
      isCapsLine(line) ||
      isCapsLine(prev);
    out += (hard ? '\n' : ' ') + line;
    prev = line;
  }
  return out.trim();
}

/** Between a name and its descriptor: "X, Điều tra viên", "X - Kiểm sát viên". */
const DESCRIPTOR_SEPARATOR = /^\s*(?:,|[-–]\s)/u;

const ENUM = /^\s*(?:(\d{1,2})\s*([.)])|([-–•+*]))\s*/u;

/** Actions whose object ("… đối với: X") takes a role the label does not name. */
const OBJECT_ACTIONS: ReadonlyArray<[RegExp, string]> = [
  [/\bCHUNG KIEN CUA$/, 'NGUOI_CHUNG_KIEN'],
  [/\bPHIEN DICH CUA$/, 'NGUOI_PHIEN_DICH'],
  [/\bTAM GIU\b/, 'NGUOI_BI_TAM_GIU'],
  [/\bGIU NGUOI\b.*\bKHAN CAP\b/, 'NGUOI_BI_GIU'],
  [/\bBAT\b/, 'NGUOI_BI_BAT'],
  [/\bCHAM DUT HOP DONG LAO DONG\b/, 'NGUOI_LAO_DONG'],
];

const SELF_INTRO = /^(?:TOI|TOI TEN LA|TOI LA|HO VA TEN TOI LA|TEN TOI LA)$/;
const FULL_NAME = /^(?:HO VA TEN|HO TEN|TEN)$/;
const STATEMENT_OF =
  /\b(?:GHI|LAY) LOI KHAI CUA$|\bHOI CUNG\b.*$|^NGUOI DUOC (?:GHI|LAY) LOI KHAI$|^HO (?:VA )?TEN NGUOI (?:KHAI|DUOC (?:GHI|LAY) LOI KHAI)$/;
const CAPACITY = /^TU CACH(?: THAM GIA TO TUNG)?$/;
const SUFFERED =
  /\bBI (?:MAT|TROM|DANH|LUA|CUOP|CUONG DOAT|CHIEM DOAT|THUONG|XAM HAI|HANH HUNG|DE DOA)\b/;

interface Emit {
  name: string;
  role: string;
  source: 'label' | 'descriptor' | 'signature' | 'list' | 'self';
}

/** Persons, signer and declarant of one document. */
export function extractDocumentPersons(
  input: ExtractDocumentPersonsInput,
): ExtractDocumentPersonsResult {
  const { vocabulary, typeCode, context } = input;
  const lines = input.lines.map((l) => l.normalize('NFC').trim()).filter((l) => l.length > 0);
  const empty: ExtractDocumentPersonsResult = { persons: [], signer: null, declarant: null };
  if (lines.length === 0 || typeCode === 'BIA_HO_SO') {
    return empty;
  }
  const emitted: Emit[] = [];
  const emit = (name: string, role: string | null, source: Emit['source']) => {
    if (role && vocabulary.has(role)) {
      emitted.push({ name, role, source });
    }
  };
  const titleWords = words(input.title ?? '');
  const titleRole = titleWords ? (vocabulary.mentions(titleWords)[0]?.code ?? null) : null;
  const isPetition = typeCode.startsWith('DON_') || /^DON\b/.test(titleWords);
  const text = flow(lines);
  const foldedAll = fold(text);

  let declarantName: string | null = null;
  let declarantRole: string | null = null;
  let selfName: string | null = null;
  let selfRole: string | null = null;
  let party: { role: string | null; sideKey: string | null } | null = null;
  let list: { role: string; style: string; next: number; idle: number } | null = null;
  let carry: string | null = null;

  for (const rawSegment of text.split(/\n|(?<=[^\d\s][.;])\s+|(?<=\d{4}[.;])\s+/u)) {
    const segment = rawSegment.trim();
    if (!segment) {
      continue;
    }
    // numbered items of a list opened by "… các bị can:"
    const enumMatch = ENUM.exec(segment);
    if (list) {
      const n = enumMatch?.[1] ? Number(enumMatch[1]) : null;
      const style = enumMatch?.[2] ?? enumMatch?.[3] ?? '';
      if (enumMatch && (n === list.next || (n === null && style === list.style))) {
        const hit = leadingName(segment.slice(enumMatch[0].length));
        if (hit && style === list.style) {
          emit(hit.name, list.role, 'list');
          list.next += 1;
          list.idle = 0;
          continue;
        }
      }
      if (enumMatch || (list.idle += 1) > 40) {
        list = null;
      }
    }
    const body = enumMatch ? segment.slice(enumMatch[0].length) : segment;
    // "Hội thẩm nhân dân: 1. Ông X; 2. Bà Y": the next item of the list the label started
    const carried: string | null = carry;
    carry = null;
    if (carried && enumMatch && !body.includes(':')) {
      const hit = leadingName(body);
      if (hit && !/\p{L}/u.test(hit.rest.split(',')[0] ?? '')) {
        emit(hit.name, carried, 'list');
        carry = carried;
        continue;
      }
    }

    // "[rank] Name, descriptor" items ("Tôi: Đại úy X, Điều tra viên …" is handled as a label)
    const item = /^[^:]{0,60}?(?:,|\s[-–]\s)/u.test(body) ? leadingName(body) : null;
    if (item && DESCRIPTOR_SEPARATOR.test(item.rest) && !/:\s*$/.test(body)) {
      const role = vocabulary.mentions(item.rest.slice(0, 120))[0];
      if (role && role.index < 40) {
        emit(item.name, role.code, 'descriptor');
      }
      continue;
    }

    // labelled clauses, several per segment ("Những người tiến hành tố tụng: Thẩm phán …: X")
    const parts = body.split(':');
    for (let k = 0; k < parts.length - 1; k++) {
      const label = (parts[k] ?? '').trim();
      const value = parts.slice(k + 1).join(':');
      if (label.length === 0 || label.length > 160) {
        continue;
      }
      const labelWords = words(label);
      const names = namesOf(value.replace(/^\s+/, ''));
      const side = contractSide(label);
      if (side) {
        if (side.letter && context) {
          context.sides.set(side.letter, side.key);
        }
        party = { role: null, sideKey: side.key };
        continue;
      }
      if (CAPACITY.test(labelWords)) {
        const capacity = value.split(/[.;,]/)[0] ?? '';
        declarantRole =
          vocabulary.labelRole(capacity) ??
          vocabulary.mentions(capacity).at(-1)?.code ??
          declarantRole;
        continue;
      }
      if (SELF_INTRO.test(labelWords)) {
        const hit = names[0];
        if (hit) {
          selfName = hit.name;
          // the descriptor runs to the end of the sentence, over ";" ("…; chức vụ: …, người đại diện …")
          const from = text.indexOf(segment);
          const after = from >= 0 ? text.slice(from + segment.indexOf(hit.name)) : hit.rest;
          const sentence = after.split(/\.\s|\n/)[0] ?? '';
          selfRole = descriptorRole(sentence.slice(hit.name.length), vocabulary);
        }
        continue;
      }
      if (STATEMENT_OF.test(labelWords)) {
        const hit = names[0];
        if (hit) {
          declarantName = hit.name;
          const mention = vocabulary.mentions(labelWords)[0];
          if (mention) {
            declarantRole = mention.code;
            emit(hit.name, mention.code, 'label');
          } else {
            // "…lời khai của: Ông X, …, là người đại diện theo ủy quyền của nguyên đơn."
            const from = text.indexOf(segment);
            const after = from >= 0 ? text.slice(from + segment.indexOf(hit.name)) : hit.rest;
            const sentence = (after.split(/\.\s|\n/)[0] ?? '').slice(hit.name.length);
            declarantRole = descriptorRole(sentence, vocabulary) ?? declarantRole;
          }
        }
        continue;
      }
      if (FULL_NAME.test(labelWords)) {
        const hit = names[0];
        if (hit && titleRole) {
          emit(hit.name, titleRole, 'label');
        } else if (hit && input.hasDeclarant && !declarantName) {
          declarantName = hit.name;
        }
        continue;
      }
      let role: string | null = null;
      if (/^(?:NGUOI )?DAI DIEN(?: THEO (?:PHAP LUAT|UY QUYEN))?$/.test(labelWords)) {
        // a representative of the party introduced just before ("Nguyên đơn: Công ty …; người đại diện …")
        if (party?.role) {
          role = vocabulary.representativeOf(party.role);
        } else if (party?.sideKey) {
          role = vocabulary.labelRole(`dai dien ${party.sideKey}`);
        }
        role = role ?? (vocabulary.has('NGUOI_DAI_DIEN') ? 'NGUOI_DAI_DIEN' : null);
      } else {
        role = vocabulary.labelRole(label) ?? vocabulary.mentions(label).at(-1)?.code ?? null;
        if (!role) {
          role = OBJECT_ACTIONS.find(([re]) => re.test(labelWords))?.[1] ?? null;
          if (role && !/\b(?:DOI VOI|CUA)$/.test(labelWords)) {
            role = null;
          }
        }
      }
      if (!role) {
        // "Với sự tham gia của: Ông (bà) X, Kiểm sát viên …": the role follows the name
        const first = names[0];
        const mention = first ? vocabulary.mentions(first.rest.slice(0, 120))[0] : undefined;
        if (first && mention && mention.index < 40 && DESCRIPTOR_SEPARATOR.test(first.rest)) {
          emit(first.name, mention.code, 'descriptor');
          break;
        }
        continue;
      }
      if (names.length === 0) {
        const rep = vocabulary.roles.get(role);
        if (rep?.group === 'party' || rep?.group === 'participant' || rep?.group === 'contract') {
          party = { role, sideKey: null };
        }
        if (value.trim() === '') {
          const ahead = text.slice(text.indexOf(segment) + segment.length);
          const m = /^\s*\n\s*(?:(\d{1,2})\s*([.)])|([-–•+*]))/u.exec(ahead);
          if (m) {
            list = { role, style: m[2] ?? m[3] ?? '', next: m[1] ? Number(m[1]) : 0, idle: 0 };
          }
        }
        continue;
      }
      for (const n of names) {
        emit(n.name, role, 'label');
      }
      carry = role;
      break;
    }
  }

  // signature boxes
  const blocks = signatureBlocks(lines, vocabulary, context);
  const orphan = orphanSigner(lines, blocks, vocabulary);
  if (orphan) {
    blocks.push(orphan);
  }
  for (const block of blocks) {
    if (block.declarantBox) {
      if (input.hasDeclarant && !declarantName && !selfName) {
        declarantName = block.names[0] ?? null;
      }
      continue;
    }
    for (const name of block.names) {
      emit(name, block.role, 'signature');
    }
  }

  // self-introduction: petitions ("Tôi tên là: X") and self-declarations
  if (selfName) {
    if (selfRole) {
      emit(selfName, selfRole, 'self');
    }
    if (isPetition) {
      emit(selfName, 'NGUOI_LAM_DON', 'self');
      if (vocabulary.caseKind === 'criminal' && SUFFERED.test(foldedAll)) {
        emit(selfName, 'BI_HAI', 'self');
      }
    }
    const official = selfRole ? vocabulary.roles.get(selfRole)?.group === 'official' : false;
    if (input.hasDeclarant && !declarantName && !official) {
      declarantName = selfName;
      declarantRole = declarantRole ?? selfRole;
    }
  }
  let declarant: DocumentDeclarant | null = null;
  if (input.hasDeclarant && declarantName) {
    const key = fold(declarantName);
    const role =
      declarantRole ??
      titleRole ??
      emitted.find((e) => fold(e.name) === key && isPartyLike(vocabulary, e.role))?.role ??
      null;
    declarant = { name: declarantName, role };
    emit(declarantName, role, 'label');
  }

  const persons: ExtractedPerson[] = [];
  const seen = new Set<string>();
  for (const e of emitted) {
    const key = `${fold(e.name)}|${e.role}`;
    if (!seen.has(key)) {
      seen.add(key);
      persons.push({ name: e.name, role: e.role });
    }
  }
  return { persons, signer: signerOf(blocks), declarant };
}

/**
 * The signer of a decision whose box OCR lost or merged with the "Nơi nhận" column: the last line
 * that is only a name, near the end, after "Nơi nhận:" or with a rank ("Thượng tá X"), outside
 * any detected box. The box title, when OCR put it on the "Nơi nhận:" line, gives the role.
 */
function orphanSigner(
  lines: readonly string[],
  blocks: readonly SignatureBlock[],
  vocabulary: RoleVocabulary,
): SignatureBlock | null {
  if (blocks.some((b) => b.role === 'NGUOI_KY')) {
    return null;
  }
  const name = orphanName(lines, blocks);
  if (!name) {
    return null;
  }
  const block: SignatureBlock = {
    roleLines: [],
    names: [name],
    role: 'NGUOI_KY',
    declarantBox: false,
    authority: null,
    title: null,
  };
  const merged = lines
    .map((l) => /^\W*N[ơo]i\s*nh[ậa]n\s*[:;.]?\s*(.*)$/iu.exec(l)?.[1]?.trim() ?? '')
    .find((rest) => rest.length >= 4 && isCapsLine(rest));
  if (merged) {
    const prefix = authorityPrefix(merged);
    const title = prefix ? prefix.rest : merged;
    const role = prefix ? null : vocabulary.labelRole(title);
    block.authority = prefix?.prefix ?? null;
    block.title = title;
    block.role = role && vocabulary.roles.get(role)?.group === 'official' ? role : 'NGUOI_KY';
  }
  return block;
}

function orphanName(lines: readonly string[], blocks: readonly SignatureBlock[]): string | null {
  const inBlocks = new Set(blocks.flatMap((b) => b.names.map((n) => fold(n))));
  const from = Math.max(0, lines.length - 14);
  const recipientsAt = lines.findIndex((l, i) => i >= from - 10 && /^\W*NOI NHAN\b/.test(fold(l)));
  for (let i = lines.length - 1; i >= from; i--) {
    const line = lines[i] ?? '';
    const names = nameLine(line);
    const name = names.length === 1 ? names[0] : undefined;
    if (!name || inBlocks.has(fold(name))) {
      continue;
    }
    const ranked = isRanked(line);
    if (ranked || (recipientsAt >= 0 && i > recipientsAt)) {
      return name;
    }
  }
  return null;
}

function isPartyLike(vocabulary: RoleVocabulary, role: string): boolean {
  const group = vocabulary.roles.get(role)?.group;
  return group === 'participant' || group === 'party' || group === 'contract';
}

/** Role named in a self-introduction ("…, người đại diện theo pháp luật của Công ty X – bị đơn"). */
function descriptorRole(sentence: string, vocabulary: RoleVocabulary): string | null {
  const found = vocabulary.mentions(sentence);
  if (found.length === 0) {
    return null;
  }
  const representative = found.find((m) => m.code === 'NGUOI_DAI_DIEN');
  const party = found.find((m) => {
    const g = vocabulary.roles.get(m.code)?.group;
    return m.code !== 'NGUOI_DAI_DIEN' && (g === 'party' || g === 'participant');
  });
  if (representative && party) {
    return vocabulary.representativeOf(party.code) ?? representative.code;
  }
  return (party ?? found[0])?.code ?? null;
}

/** The signer: the box with an authority prefix or a head title, else the only box of the document. */
function signerOf(blocks: readonly SignatureBlock[]): DocumentSigner | null {
  const byAuthority = blocks.filter((b) => b.role === 'NGUOI_KY');
  const chosen = byAuthority.at(-1) ?? (blocks.length === 1 ? blocks[0] : undefined);
  const name = chosen?.names[0];
  if (!chosen || !name) {
    return null;
  }
  return { name, title: chosen.title, authority: chosen.authority };
}
