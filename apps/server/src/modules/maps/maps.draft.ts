import type { MapIcon, MapNode } from '@sohoa/contracts';

/*
 * Auto-draft of a case mind map (issue 7 §2) following the typical branches of the guidance
 * (Hướng dẫn 10/HD-VKSTC; DOMAIN.md §6.3). Everything is derived from the catalogue — the
 * section of each document, its form, and the person roles — never from words in a sample file.
 */

/** A document of the case as the draft reads it. */
export interface DraftDocument {
  id: string;
  typeCode: string;
  /** Catalogue section of the document (HS_NHAN_THAN, DS_NGUYEN_DON …). */
  section: string;
  /** Catalogue form of its type (statement, petition, conclusion …). */
  form: string | null;
  /** Display name: the document's title, else the type name. */
  name: string;
  date: string | null;
  butLucFrom: number | null;
  butLucTo: number | null;
  /** First page of the document, for the link. */
  pageId: string | null;
}

/** A person named in the case: roles (catalogue codes), where they appear and what they said. */
export interface DraftPerson {
  name: string;
  roles: string[];
  documentIds: string[];
  statementIds: string[];
}

export interface DraftInput {
  caseInfo: {
    title: string;
    kind: string;
    charges: Array<{ name: string; article: number | null }>;
  };
  documents: DraftDocument[];
  persons: DraftPerson[];
  /** Role code → { name_vi, group } from the catalogue. */
  roles: ReadonlyMap<string, { name: string; group: string }>;
  /** Section code → its Vietnamese name, from the catalogue. */
  sections: ReadonlyMap<string, string>;
}

const ACCUSED_ROLES = ['BI_CAN', 'BI_CAO'];
const VICTIM_ROLES = ['BI_HAI', 'NGUOI_DAI_DIEN_BI_HAI'];
const WITNESS_ROLES = ['NGUOI_LAM_CHUNG'];
const CIVIL_IN_CRIMINAL_ROLES = [
  'NGUYEN_DON_DAN_SU',
  'BI_DON_DAN_SU',
  'NGUOI_CO_QUYEN_LOI_NGHIA_VU_LIEN_QUAN',
];
/** Sections whose documents tell an accused's acts (khởi tố, bắt, khám xét …). */
const ACT_SECTIONS = new Set([
  'HS_THU_TUC_TO_TUNG',
  'HS_BIEN_PHAP_NGAN_CHAN',
  'HS_KHAM_NGHIEM_KHAM_XET',
]);
const PROCEDURE_SECTIONS = new Set([
  'HS_THU_TUC_TO_TUNG',
  'HS_BIEN_PHAP_NGAN_CHAN',
  'HS_KET_THUC_DIEU_TRA',
  'HS_TRUY_TO',
  'HS_XET_XU',
]);
/** Civil volumes of the claimant's side and of the defendant's side (QĐ 264, HD 28). */
const CLAIMANT_SECTIONS = new Set(['DS_NGUYEN_DON', 'HC_NGUOI_KHOI_KIEN']);
const DEFENDANT_SECTIONS = new Set(['DS_BI_DON', 'HC_NGUOI_BI_KIEN']);
const EVIDENCE_SECTIONS_CIVIL = [
  'DS_NGUYEN_DON',
  'DS_BI_DON',
  'DS_NGUOI_LIEN_QUAN',
  'DS_TOA_AN_THU_THAP',
  'HC_NGUOI_KHOI_KIEN',
  'HC_NGUOI_BI_KIEN',
  'HC_NGUOI_LIEN_QUAN',
  'HC_TOA_AN_THU_THAP',
];

/** "BL 12–15", "BL 7" or "" when the document has no bút lục. */
export function butLucLabel(from: number | null, to: number | null): string {
  if (from === null) {
    return '';
  }
  return to !== null && to !== from ? `BL ${from}–${to}` : `BL ${from}`;
}

/** Builds the draft tree; node ids are stable within one draft (n1, n2 …). */
export function buildMapDraft(input: DraftInput): { nodes: MapNode[] } {
  const nodes: MapNode[] = [];
  let seq = 0;
  const add = (
    parentId: string | null,
    text: string,
    extra: Partial<Pick<MapNode, 'icon' | 'color' | 'link' | 'collapsed'>> = {},
  ) => {
    seq += 1;
    const node: MapNode = {
      id: `n${seq}`,
      parentId,
      text,
      color: 'default',
      icon: 'none',
      collapsed: false,
      position: null,
      link: null,
      note: null,
      ...extra,
    };
    nodes.push(node);
    return node.id;
  };
  const byId = new Map(input.documents.map((d) => [d.id, d]));
  const docLeaf = (parentId: string, doc: DraftDocument) => {
    const bl = butLucLabel(doc.butLucFrom, doc.butLucTo);
    const text = [doc.name, doc.date ? formatDate(doc.date) : null, bl ? `(${bl})` : null]
      .filter(Boolean)
      .join(' ');
    add(parentId, text, {
      icon: 'document',
      link: { kind: 'document', documentId: doc.id, ...(doc.pageId ? { pageId: doc.pageId } : {}) },
    });
  };
  const docsWhere = (pred: (d: DraftDocument) => boolean) => input.documents.filter(pred);
  const branch = (
    parentId: string,
    text: string,
    docs: DraftDocument[],
    icon: MapIcon = 'none',
  ) => {
    const id = add(parentId, text, { icon });
    for (const d of docs) {
      docLeaf(id, d);
    }
    return id;
  };
  const personDocs = (p: DraftPerson, ids: string[]) =>
    ids.map((id) => byId.get(id)).filter((d): d is DraftDocument => d !== undefined);
  const personsWith = (roles: string[]) =>
    input.persons.filter((p) => p.roles.some((r) => roles.includes(r)));
  const roleName = (code: string) => input.roles.get(code)?.name ?? code;

  const root = add(null, input.caseInfo.title, { color: 'blue' });
  if (input.caseInfo.kind === 'criminal') {
    buildCriminal();
  } else {
    buildCivil();
  }
  return { nodes };

  function buildCriminal() {
    const summary = add(root, 'Tóm tắt vụ án', { icon: 'star', color: 'blue' });
    for (const c of input.caseInfo.charges) {
      add(summary, c.article ? `${c.name} (Điều ${c.article})` : c.name, { icon: 'law' });
    }
    for (const d of docsWhere(
      (d) => d.section === 'HS_KET_THUC_DIEU_TRA' || d.section === 'HS_TRUY_TO',
    )) {
      if (d.form === 'conclusion' || d.form === 'indictment') {
        docLeaf(summary, d);
      }
    }
    for (const p of personsWith(ACCUSED_ROLES)) {
      const label = p.roles.find((r) => ACCUSED_ROLES.includes(r)) ?? 'BI_CAN';
      const accused = add(root, `${roleName(label)}: ${p.name}`, { icon: 'person', color: 'red' });
      const own = personDocs(p, p.documentIds);
      branch(
        accused,
        'Nhân thân',
        own.filter((d) => d.section === 'HS_NHAN_THAN'),
      );
      branch(
        accused,
        'Hành vi',
        own.filter((d) => ACT_SECTIONS.has(d.section)),
      );
      branch(accused, 'Lời khai', personDocs(p, p.statementIds));
      add(accused, 'Tình tiết tăng nặng', { icon: 'warning' });
      add(accused, 'Tình tiết giảm nhẹ', { icon: 'warning' });
    }
    const victims = personsWith(VICTIM_ROLES);
    if (victims.length > 0) {
      const v = add(root, 'Bị hại', { icon: 'person', color: 'orange' });
      for (const p of victims) {
        branch(v, p.name, personDocs(p, p.statementIds), 'person');
      }
    }
    const witnesses = personsWith(WITNESS_ROLES);
    if (witnesses.length > 0) {
      const w = add(root, 'Người làm chứng', { icon: 'person', collapsed: witnesses.length > 5 });
      for (const p of witnesses) {
        branch(w, p.name, personDocs(p, p.statementIds), 'person');
      }
    }
    const evidence = add(root, 'Vật chứng, chứng cứ', { icon: 'evidence', color: 'green' });
    branch(
      evidence,
      'Vật chứng',
      docsWhere((d) => d.section === 'HS_VAT_CHUNG'),
    );
    branch(
      evidence,
      'Khám nghiệm, khám xét',
      docsWhere((d) => d.section === 'HS_KHAM_NGHIEM_KHAM_XET'),
    );
    const expert = docsWhere((d) => d.section === 'HS_GIAM_DINH_DINH_GIA');
    branch(
      evidence,
      'Kết luận giám định',
      expert.filter((d) => !d.typeCode.includes('DINH_GIA')),
    );
    branch(
      evidence,
      'Định giá tài sản',
      expert.filter((d) => d.typeCode.includes('DINH_GIA')),
    );
    branch(
      evidence,
      'Tài liệu khác',
      docsWhere((d) => d.section === 'HS_XAC_MINH_TAI_LIEU_KHAC'),
    );
    const timeline = add(root, 'Tiến trình tố tụng', { icon: 'calendar', color: 'purple' });
    for (const d of byDate(docsWhere((d) => PROCEDURE_SECTIONS.has(d.section)))) {
      docLeaf(timeline, d);
    }
    const civilDocs = docsWhere((d) => d.section === 'HS_DAN_SU');
    const civilPersons = personsWith(CIVIL_IN_CRIMINAL_ROLES);
    if (civilDocs.length > 0 || civilPersons.length > 0) {
      const civil = branch(root, 'Dân sự trong vụ án', civilDocs, 'law');
      for (const p of civilPersons) {
        const role = p.roles.find((r) => CIVIL_IN_CRIMINAL_ROLES.includes(r))!;
        add(civil, `${roleName(role)}: ${p.name}`, { icon: 'person' });
      }
    }
    const open = add(root, 'Vấn đề cần làm rõ', { icon: 'question', color: 'yellow' });
    add(open, '…');
  }

  function buildCivil() {
    const partiesNode = add(root, 'Đương sự', { icon: 'person', color: 'red' });
    const parties = input.persons.filter((p) =>
      p.roles.some((r) => input.roles.get(r)?.group === 'party'),
    );
    for (const p of parties) {
      const role = p.roles.find((r) => input.roles.get(r)?.group === 'party')!;
      add(partiesNode, `${roleName(role)}: ${p.name}`, { icon: 'person' });
    }
    branch(
      root,
      'Yêu cầu',
      docsWhere((d) => CLAIMANT_SECTIONS.has(d.section) && d.form === 'petition'),
      'law',
    );
    branch(
      root,
      'Yêu cầu phản tố',
      docsWhere((d) => DEFENDANT_SECTIONS.has(d.section) && d.form === 'petition'),
      'law',
    );
    const views = add(root, 'Quan điểm của các bên', { icon: 'question', color: 'orange' });
    for (const p of parties) {
      branch(views, p.name, personDocs(p, p.statementIds), 'person');
    }
    const evidence = add(root, 'Chứng cứ', { icon: 'evidence', color: 'green' });
    const used = new Set(
      nodes.flatMap((n) => (n.link?.kind === 'document' ? [n.link.documentId] : [])),
    );
    for (const section of EVIDENCE_SECTIONS_CIVIL) {
      const docs = docsWhere((d) => d.section === section && !used.has(d.id));
      if (docs.length > 0) {
        branch(evidence, sectionTitle(section), docs);
      }
    }
    const open = add(root, 'Vấn đề pháp lý cần giải quyết', { icon: 'question', color: 'yellow' });
    add(open, '…');
  }

  function sectionTitle(code: string) {
    return input.sections.get(code) ?? code;
  }
}

function byDate(docs: DraftDocument[]) {
  return [...docs].sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999'));
}

function formatDate(iso: string) {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}
