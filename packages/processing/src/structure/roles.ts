/**
 * Person-role vocabulary for structuring: the catalogue's `person_roles` (code, name_vi, case kinds),
 * folded for OCR-tolerant matching, plus the few wordings of signature boxes and clauses that the
 * catalogue does not carry (see SIGNATURE_WORDS and EXTRA_ROLE_WORDS for why each is needed).
 */
import { fold, similarity } from './text.ts';

export interface CataloguePersonRole {
  code: string;
  name_vi: string;
  case_kinds?: readonly string[];
  group?: string;
  sections?: Readonly<Record<string, string>> | null;
}

/** Folded words separated by single spaces ("Thẩm  phán:" → "THAM PHAN"). */
export function words(text: string): string {
  return fold(text)
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();
}

/**
 * Role wordings printed in case files that differ from `person_roles[].name_vi`. Kept short and
 * explained: each is a fixed wording of the procedural forms (BLTTHS/BLTTDS), not a sample string.
 */
const EXTRA_ROLE_WORDS: ReadonlyArray<[string, string, string]> = [
  // signature box of the procuracy on joint minutes (khám nghiệm, thực nghiệm): the prosecutor signs
  ['DAI DIEN VIEN KIEM SAT', 'KIEM_SAT_VIEN', 'procuracy box of joint minutes'],
  // the forms say "người được nhận dạng"; the catalogue names it "người được đưa ra nhận dạng"
  ['NGUOI DUOC NHAN DANG', 'NGUOI_DUOC_NHAN_DANG', 'form wording'],
  // "người ghi biên bản" is the recorder who draws up the minutes
  ['NGUOI GHI BIEN BAN', 'NGUOI_LAP_BIEN_BAN', 'recorder of the minutes'],
  // the bench lists "Hội thẩm:" without "nhân dân" on some forms
  ['HOI THAM', 'HOI_THAM_NHAN_DAN', 'short form'],
  ['THU KY', 'THU_KY', 'the box says "THƯ KÝ" without "Tòa án"'],
];

/**
 * Authority titles of signature boxes ("KT. THỦ TRƯỞNG" / "PHÓ THỦ TRƯỞNG", "VIỆN TRƯỞNG",
 * "CHÁNH ÁN", "TRƯỞNG PHÒNG"): the head of the issuing body signs, so the role is NGUOI_KY. The
 * catalogue has one code (NGUOI_KY) and no list of head titles, hence this table (NĐ 30/2020).
 */
const HEAD_TITLES = [
  'THU TRUONG',
  'VIEN TRUONG',
  'CHANH AN',
  'TRUONG PHONG',
  'TRUONG CONG AN',
  'TRUONG BAN',
  'TRUONG DOAN',
  'DOI TRUONG',
  'TONG GIAM DOC',
  'GIAM DOC',
  'GIAM THI',
  'CUC TRUONG',
  'VU TRUONG',
  'CHU TICH',
  'CHANH VAN PHONG',
  'CHANH THANH TRA',
  'TRUONG KHOA',
];
const AUTHORITY_TITLES = new RegExp(`^(?:PHO )?(?:${HEAD_TITLES.join('|')})\\b`);

/** Signature boxes of the person whose statement is recorded (role given elsewhere). */
const DECLARANT_BOXES = [
  'NGUOI KHAI',
  'NGUOI TU KHAI',
  'NGUOI DUOC GHI LOI KHAI',
  'NGUOI DUOC LAY LOI KHAI',
  'NGUOI BI HOI CUNG',
  'NGUOI TRINH BAY',
];
const DECLARANT_BOX = new RegExp(`^(?:${DECLARANT_BOXES.join('|')})$`);
/** Joint boxes of several parties ("CÁC ĐƯƠNG SỰ") and contract sides ("ĐẠI DIỆN BÊN A"). */
const JOINT_BOXES = ['CAC DUONG SU', 'XAC NHAN CUA'];

/** Authority prefixes of signature boxes (NĐ 30/2020): ký thay, thay mặt, thừa lệnh, quyền, thừa ủy quyền. */
const AUTHORITY_PREFIX = /^\s*(KT|TM|TL|TUQ|Q)\s*[.,:]\s*(.*)$/i;

interface Variant {
  code: string;
  /** folded words */
  key: string;
  /** letters and digits only, for OCR with broken spacing */
  compact: string;
  kinds: readonly string[] | null;
}

export interface RoleMatch {
  code: string;
  /** where the wording starts in the folded words of the text */
  index: number;
  length: number;
}

/** Role codes valid in another case kind, mapped to their equivalent (BLTTDS vs Luật TTHC). */
const KIND_EQUIVALENT: Record<string, Record<string, string>> = {
  criminal: { NGUYEN_DON: 'NGUYEN_DON_DAN_SU', BI_DON: 'BI_DON_DAN_SU' },
  civil: { NGUOI_KHOI_KIEN: 'NGUYEN_DON', NGUOI_BI_KIEN: 'BI_DON' },
  family: { NGUOI_KHOI_KIEN: 'NGUYEN_DON', NGUOI_BI_KIEN: 'BI_DON' },
  commercial: { NGUOI_KHOI_KIEN: 'NGUYEN_DON', NGUOI_BI_KIEN: 'BI_DON' },
  labour: { NGUOI_KHOI_KIEN: 'NGUYEN_DON', NGUOI_BI_KIEN: 'BI_DON' },
};

export interface RoleVocabulary {
  caseKind: string;
  roles: ReadonlyMap<string, CataloguePersonRole>;
  /** role of a whole label ("Thẩm phán chủ tọa phiên tòa" → THAM_PHAN), prefix and fuzzy */
  labelRole(label: string): string | null;
  /** roles named anywhere in a text, longest wordings first, by position */
  mentions(text: string): RoleMatch[];
  /** representative role of a party ("nguyên đơn" → NGUOI_DAI_DIEN_NGUYEN_DON), if the catalogue has one */
  representativeOf(partyRole: string): string | null;
  isAuthorityTitle(line: string): boolean;
  /**
   * Box titles of signature boxes printed side by side and read as one line by OCR
   * ("NGƯỜI BỊBẮT NGƯỜI CHỨNGKIẾN ĐIỀU TRA VIÊN" → three titles), or null when the line is not
   * made of at least two box titles.
   */
  splitBoxLine(line: string): string[] | null;
  isDeclarantBox(line: string): boolean;
  has(code: string): boolean;
}

export function authorityPrefix(line: string): { prefix: string; rest: string } | null {
  const m = AUTHORITY_PREFIX.exec(line);
  if (!m) {
    return null;
  }
  const prefix = (m[1] ?? '').toUpperCase();
  return { prefix: `${prefix}.`, rest: (m[2] ?? '').trim() };
}

/** Builds the matcher of a case kind from the catalogue roles. */
export function buildRoleVocabulary({
  roles,
  caseKind,
}: {
  roles: readonly CataloguePersonRole[];
  caseKind: string;
}): RoleVocabulary {
  const byCode = new Map(roles.map((r) => [r.code, r]));
  const variants: Variant[] = [];
  const add = (code: string, wording: string) => {
    const key = words(wording);
    if (key.length < 4 || variants.some((v) => v.key === key && v.code === code)) {
      return;
    }
    const kinds = byCode.get(code)?.case_kinds ?? null;
    variants.push({ code, key, compact: key.replace(/ /g, ''), kinds });
  };
  for (const role of roles) {
    if (role.code === 'KHAC') {
      continue;
    }
    const parts = role.name_vi.replace(/\([^)]*\)/g, ' ').split(',');
    parts.forEach((part, i) => {
      // later parts are alternative wordings only when they name a person ("người giám định")
      if (i === 0 || /^\s*người\b/iu.test(part)) {
        add(role.code, part);
      }
    });
  }
  for (const [wording, code] of EXTRA_ROLE_WORDS) {
    if (byCode.has(code)) {
      add(code, wording);
    }
  }
  variants.sort((a, b) => b.key.length - a.key.length);

  const fitKind = (code: string): string | null => {
    const kinds = byCode.get(code)?.case_kinds;
    if (!kinds || kinds.includes(caseKind)) {
      return code;
    }
    const eq = KIND_EQUIVALENT[caseKind]?.[code];
    return eq && byCode.has(eq) ? eq : null;
  };

  const labelRole = (label: string): string | null => {
    const key = words(label);
    if (key.length < 4) {
      return null;
    }
    const compactKey = key.replace(/ /g, '');
    let best: { code: string; score: number; tied: boolean } | null = null;
    const consider = (code: string, score: number) => {
      const fitted = fitKind(code);
      if (!fitted) {
        return;
      }
      if (!best || score > best.score) {
        best = { code: fitted, score, tied: false };
      } else if (score === best.score && fitted !== best.code) {
        best.tied = true;
      }
    };
    for (const v of variants) {
      if (key === v.key || compactKey === v.compact) {
        consider(v.code, 300 + v.key.length);
      } else if (key.startsWith(`${v.key} `) || compactKey.startsWith(v.compact)) {
        consider(v.code, 200 + v.key.length);
      } else if (v.key.startsWith(`${key} `) && key.includes(' ')) {
        // the label is a shortened wording ("NGƯỜI GIAO NỘP" for "người giao nộp đồ vật")
        consider(v.code, 100 + key.length);
      } else if (v.compact.length >= 8) {
        const s = similarity(compactKey.slice(0, v.compact.length + 1), v.compact, 0.8);
        if (s >= 0.85) {
          consider(v.code, 50 + s * v.key.length);
        }
      }
    }
    // a shortened wording shared by two roles ("ĐẠI DIỆN" of bên bán / bên mua) says nothing
    const found = best as { code: string; tied: boolean } | null;
    return found && !found.tied ? found.code : null;
  };

  const mentions = (text: string): RoleMatch[] => {
    const key = ` ${words(text)} `;
    const found: RoleMatch[] = [];
    const taken: Array<[number, number]> = [];
    for (const v of variants) {
      let from = 0;
      for (;;) {
        const at = key.indexOf(` ${v.key} `, from);
        if (at < 0) {
          break;
        }
        from = at + 1;
        const end = at + v.key.length;
        if (taken.some(([s, e]) => at < e && end > s)) {
          continue;
        }
        const code = fitKind(v.code);
        if (code) {
          taken.push([at, end]);
          found.push({ code, index: at, length: v.key.length });
        }
      }
    }
    return found.sort((a, b) => a.index - b.index);
  };

  const representativeOf = (partyRole: string): string | null => {
    const party = byCode.get(partyRole);
    if (!party) {
      return null;
    }
    // "Người sử dụng lao động (người đại diện)": the role already names the representative
    if (/dai dien/i.test(fold(party.name_vi))) {
      return partyRole;
    }
    const partyWords = words(party.name_vi.replace(/\([^)]*\)/g, ' ').split(',')[0] ?? '');
    for (const wording of [`nguoi dai dien cua ${partyWords}`, `dai dien ${partyWords}`]) {
      const code = labelRole(wording);
      if (code && code !== 'NGUOI_DAI_DIEN' && code !== partyRole) {
        return code;
      }
    }
    return null;
  };

  const boxWordings = new Map<string, string>();
  for (const v of variants) {
    boxWordings.set(v.compact, v.key);
  }
  for (const title of HEAD_TITLES) {
    boxWordings.set(title.replace(/ /g, ''), title);
    boxWordings.set(`PHO${title.replace(/ /g, '')}`, `PHO ${title}`);
  }
  for (const w of [...DECLARANT_BOXES, ...JOINT_BOXES]) {
    boxWordings.set(w.replace(/ /g, ''), w);
  }
  const boxKeys = [...boxWordings.keys()].sort((a, b) => b.length - a.length);

  const splitBoxLine = (line: string): string[] | null => {
    const c = words(line).replace(/ /g, '');
    if (c.length < 8 || c.length > 160) {
      return null;
    }
    const taken: Array<{ at: number; end: number; words: string }> = [];
    const free = (at: number, end: number) => taken.every((t) => end <= t.at || at >= t.end);
    for (const key of boxKeys) {
      for (let at = c.indexOf(key); at >= 0; at = c.indexOf(key, at + 1)) {
        if (free(at, at + key.length)) {
          taken.push({ at, end: at + key.length, words: boxWordings.get(key) ?? key });
        }
      }
    }
    // contract sides by letter ("ĐẠI DIỆN BÊN A"), where no longer wording took the place
    for (const side of c.matchAll(/DAIDIENBEN([A-Z])/g)) {
      const at = side.index;
      if (free(at, at + side[0].length)) {
        taken.push({ at, end: at + side[0].length, words: `DAI DIEN BEN ${side[1] ?? ''}` });
      }
    }
    const covered = taken.reduce((n, t) => n + t.end - t.at, 0);
    if (taken.length < 2 || covered < c.length * 0.8) {
      return null;
    }
    return taken.sort((a, b) => a.at - b.at).map((t) => t.words);
  };

  return {
    caseKind,
    splitBoxLine,
    roles: byCode,
    labelRole,
    mentions,
    representativeOf,
    isAuthorityTitle: (line) => AUTHORITY_TITLES.test(words(line)),
    isDeclarantBox: (line) => DECLARANT_BOX.test(words(line)),
    has: (code) => byCode.has(code),
  };
}
