import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildRoleVocabulary,
  createPersonsContext,
  extractDocumentPersons,
  leadingName,
  type CataloguePersonRole,
  type ExtractDocumentPersonsInput,
} from './persons.ts';

// The catalogue is project data (packages/contracts), not a sample; names, agencies and places
// below are invented and differ from the sample cases.
const roles = (
  JSON.parse(
    readFileSync(new URL('../../../contracts/domain/document-types.json', import.meta.url), 'utf8'),
  ) as { person_roles: CataloguePersonRole[] }
).person_roles;
const criminal = buildRoleVocabulary({ roles, caseKind: 'criminal' });
const civil = buildRoleVocabulary({ roles, caseKind: 'civil' });

function run(text: string, options: Partial<ExtractDocumentPersonsInput> = {}) {
  return extractDocumentPersons({
    lines: text.split('\n'),
    vocabulary: criminal,
    typeCode: 'KHAC',
    ...options,
  });
}

const sorted = (persons: Array<{ name: string; role: string }>) =>
  persons.map((p) => `${p.name}|${p.role}`).sort();

describe('leadingName', () => {
  it('strips ranks and honorifics and reads 2–5 capitalised syllables', () => {
    expect(leadingName('Thiếu tá Lê Minh Khoa, Điều tra viên')?.name).toBe('Lê Minh Khoa');
    expect(leadingName('Ông (bà) Đinh Thị Hồng Nhung (có mặt)')?.name).toBe('Đinh Thị Hồng Nhung');
    expect(leadingName('Luật sư Quách Gia Bảo, Văn phòng luật sư')?.name).toBe('Quách Gia Bảo');
    expect(leadingName('anh Tôn Thất Vĩnh Phúc An, sinh năm 1990')?.name).toBe(
      'Tôn Thất Vĩnh Phúc An',
    );
    expect(leadingName('Viện Kiểm Sát Nhân Dân Tối Cao')).toBeNull();
    expect(leadingName('Tòa Án Nhân Dân')).toBeNull();
  });
  it('rejects agencies, single words and lower-case text', () => {
    expect(leadingName('Công an huyện Ba Vì')).toBeNull();
    expect(leadingName('Không có')).toBeNull();
    expect(leadingName('Khánh')).toBeNull();
    expect(leadingName('trình bày như sau')).toBeNull();
  });
});

describe('extractDocumentPersons: signature boxes', () => {
  it('maps box titles through the catalogue and reads the signer with its authority prefix', () => {
    const result = run(
      [
        'Biên bản kết thúc hồi 11 giờ cùng ngày.',
        'NGƯỜI BỊ BẮT',
        'Lò Văn Pấng',
        'NGƯỜI CHỨNG KIẾN',
        'Hứa Thị Mỷ',
        'KIỂM SÁT VIÊN',
        '(Ký, ghi rõ họ tên)',
        '~',
        'Tăng Hữu Phước',
        'KT. VIỆN TRƯỞNG',
        'PHÓ VIỆN TRƯỞNG',
        'Thượng tá Âu Dương Kiệt',
      ].join('\n'),
    );
    expect(sorted(result.persons)).toEqual([
      'Hứa Thị Mỷ|NGUOI_CHUNG_KIEN',
      'Lò Văn Pấng|NGUOI_BI_BAT',
      'Tăng Hữu Phước|KIEM_SAT_VIEN',
      'Âu Dương Kiệt|NGUOI_KY',
    ]);
    expect(result.signer).toEqual({
      name: 'Âu Dương Kiệt',
      title: 'PHÓ VIỆN TRƯỞNG',
      authority: 'KT.',
    });
  });

  it('reads approval boxes as NGUOI_PHE_CHUAN and head titles without prefix as the signer', () => {
    const result = run(
      [
        'PHÊ CHUẨN CỦA VIỆN KIỂM SÁT',
        'Số: 17/VKS',
        'Ngày 02/09/2022',
        'TL. VIỆN TRƯỞNG',
        'TRƯỞNG PHÒNG',
        'Mạc Thị Xuân',
        'CHÁNH ÁN',
        'Khổng Minh Đạt',
      ].join('\n'),
    );
    expect(sorted(result.persons)).toEqual([
      'Khổng Minh Đạt|NGUOI_KY',
      'Mạc Thị Xuân|NGUOI_PHE_CHUAN',
    ]);
    expect(result.signer).toEqual({ name: 'Khổng Minh Đạt', title: 'CHÁNH ÁN', authority: null });
  });

  it('treats the head of an organisation signing for a party as its representative', () => {
    const result = extractDocumentPersons({
      lines: ['NGUYÊN ĐƠN', 'GIÁM ĐỐC', 'Lạc Văn Thành', 'THƯ KÝ', 'Kha Ngọc Mai'],
      vocabulary: civil,
      typeCode: 'KHAC',
    });
    expect(sorted(result.persons)).toEqual([
      'Kha Ngọc Mai|THU_KY',
      'Lạc Văn Thành|NGUOI_DAI_DIEN_NGUYEN_DON',
    ]);
    expect(result.signer).toBeNull(); // two boxes, none of them an authority
    const alone = extractDocumentPersons({
      lines: ['NGƯỜI KHỞI KIỆN', 'GIÁM ĐỐC', 'Lạc Văn Thành'],
      vocabulary: civil,
      typeCode: 'DON_KHOI_KIEN',
    });
    expect(alone.signer).toEqual({ name: 'Lạc Văn Thành', title: 'GIÁM ĐỐC', authority: null });
  });
});

describe('extractDocumentPersons: clauses', () => {
  it('reads participants, the statement subject and the capacity of a statement record', () => {
    const result = run(
      [
        'BIÊN BẢN GHI LỜI KHAI',
        'Hồi 09 giờ 15 phút, ngày 21 tháng 8 năm 2022, tại trụ sở Công an huyện Mường Tè.',
        'Tôi: Thiếu tá Lê Minh Khoa, Điều tra viên Cơ quan Cảnh sát điều tra Công an',
        'huyện Mường Tè.',
        'Với sự tham gia của: Ông (bà) Tăng Hữu Phước, Kiểm sát viên Viện kiểm sát nhân dân',
        'huyện Mường Tè.',
        'Tiến hành ghi lời khai của: Đinh Thị Hồng Nhung, sinh năm 1984; nơi cư trú: bản',
        'Nậm Hàng.',
        'Tư cách tham gia tố tụng: Người làm chứng.',
        'Hỏi: Chị hãy trình bày sự việc?',
        'Trả lời: Tôi thấy Lò Văn Pấng đi vào nhà.',
        'NGƯỜI KHAI',
        'Đinh Thị Hồng Nhung',
        'ĐIỀU TRA VIÊN',
        'Lê Minh Khoa',
      ].join('\n'),
      { typeCode: 'BB_GHI_LOI_KHAI', title: 'BIÊN BẢN GHI LỜI KHAI', hasDeclarant: true },
    );
    expect(sorted(result.persons)).toEqual([
      'Lê Minh Khoa|DIEU_TRA_VIEN',
      'Tăng Hữu Phước|KIEM_SAT_VIEN',
      'Đinh Thị Hồng Nhung|NGUOI_LAM_CHUNG',
    ]);
    expect(result.declarant).toEqual({ name: 'Đinh Thị Hồng Nhung', role: 'NGUOI_LAM_CHUNG' });
  });

  it('reads objects of measures ("đối với:"), numbered lists and the bench of a court', () => {
    const result = run(
      [
        'Điều 1. Tạm giữ 03 ngày đối với: Sầm Văn Tuyến, giới tính: Nam, sinh ngày 02/02/1992.',
        'Điều 2. Khởi tố bị can đối với: Giàng A Chử, sinh năm 1990.',
        'Truy tố ra trước Tòa án nhân dân huyện Mường Tè để xét xử các bị',
        'can:',
        '1. Sầm Văn Tuyến, giới tính: Nam, sinh ngày 02/02/1992; nơi cư trú: bản Pa Ủ.',
        'Tiền án: Không.',
        '2. Giàng A Chử, sinh năm 1990; nơi cư trú: bản Nậm Khao.',
        'Thẩm phán chủ tọa phiên tòa: Khổng Minh Đạt. Thư ký phiên tòa: Kha Ngọc',
        'Mai.',
        'Bị hại: bà Hứa Thị Mỷ, sinh năm 1970.',
        '- Ông Lưu Quang Vinh - Kiểm sát viên Viện kiểm sát nhân dân huyện Mường Tè.',
        '- Bà Mã Thị Hiền - cán bộ văn phòng.',
      ].join('\n'),
    );
    expect(sorted(result.persons)).toEqual([
      'Giàng A Chử|BI_CAN',
      'Hứa Thị Mỷ|BI_HAI',
      'Kha Ngọc Mai|THU_KY',
      'Khổng Minh Đạt|THAM_PHAN',
      'Lưu Quang Vinh|KIEM_SAT_VIEN',
      'Sầm Văn Tuyến|BI_CAN',
      'Sầm Văn Tuyến|NGUOI_BI_TAM_GIU',
    ]);
  });

  it('reads civil party blocks: organisation parties, their representatives, natural parties', () => {
    const result = extractDocumentPersons({
      lines: [
        'Nguyên đơn: Công ty Cổ phần Vận tải Sông Đà; địa chỉ: số 9 phố Hàng Than; người',
        'đại diện theo ủy quyền: ông Tiêu Quang Vũ (có mặt).',
        'Bị đơn: bà Ông Thị Lụa, sinh năm 1969 (vắng mặt).',
        'Người có quyền lợi, nghĩa vụ liên quan: anh Vi Văn Hòa.',
        'Người khởi kiện: Hợp tác xã Đồng Tâm. Người đại diện theo pháp luật: bà Lục Thị Én.',
      ],
      vocabulary: civil,
      typeCode: 'KHAC',
    });
    expect(sorted(result.persons)).toEqual([
      'Lục Thị Én|NGUOI_DAI_DIEN_NGUYEN_DON',
      'Tiêu Quang Vũ|NGUOI_DAI_DIEN_NGUYEN_DON',
      'Vi Văn Hòa|NGUOI_CO_QUYEN_LOI_NGHIA_VU_LIEN_QUAN',
      'Ông Thị Lụa|BI_DON',
    ]);
  });

  it('reads labour contracts, numbered members of a bench and civil statement records', () => {
    const labour = extractDocumentPersons({
      lines: [
        'Người sử dụng lao động: Công ty TNHH May Đông Bắc; đại diện: Ông Doãn Văn Khải, chức vụ: Giám đốc.',
        'Người lao động: Bà Nghiêm Thị Vân, sinh ngày 03/04/1990.',
      ],
      vocabulary: buildRoleVocabulary({ roles, caseKind: 'labour' }),
      typeCode: 'HOP_DONG_LAO_DONG',
    });
    expect(sorted(labour.persons)).toEqual([
      'Doãn Văn Khải|NGUOI_SU_DUNG_LAO_DONG',
      'Nghiêm Thị Vân|NGUOI_LAO_DONG',
    ]);
    const bench = run('Các Hội thẩm nhân dân: 1. Ông Triệu Văn Sáng; 2. Bà Lư Thị Mến.');
    expect(sorted(bench.persons)).toEqual([
      'Lư Thị Mến|HOI_THAM_NHAN_DAN',
      'Triệu Văn Sáng|HOI_THAM_NHAN_DAN',
    ]);
    const statement = extractDocumentPersons({
      lines: [
        'Tiến hành lấy lời khai của: Ông Tiêu Quang Vũ, sinh năm 1980; là người đại diện theo',
        'ủy quyền của bị đơn trong vụ án.',
      ],
      vocabulary: civil,
      typeCode: 'BB_LAY_LOI_KHAI_DUONG_SU',
      hasDeclarant: true,
    });
    expect(statement.declarant).toEqual({ name: 'Tiêu Quang Vũ', role: 'NGUOI_DAI_DIEN_BI_DON' });
    const capacity = run(
      'Tiến hành ghi lời khai của: Lục Văn Tài, sinh năm 1999.\nTư cách tham gia tố tụng: là người bị hại.',
      { hasDeclarant: true },
    );
    expect(capacity.declarant).toEqual({ name: 'Lục Văn Tài', role: 'BI_HAI' });
  });

  it('carries contract sides "Bên A/B" from the contract to later documents of the case', () => {
    const context = createPersonsContext();
    const contract = extractDocumentPersons({
      lines: [
        'BÊN MUA (Bên A): Công ty TNHH Nông sản Tây Bắc; đại diện: Ông Bế Văn Sửu, chức vụ: Giám đốc.',
        'BÊN BÁN (Bên B): Hợp tác xã Chè Tà Xùa; đại diện: Bà Thào Thị Dua, chức vụ: Chủ nhiệm.',
      ],
      vocabulary: civil,
      typeCode: 'KHAC',
      context,
    });
    expect(sorted(contract.persons)).toEqual([
      'Bế Văn Sửu|DAI_DIEN_BEN_MUA',
      'Thào Thị Dua|DAI_DIEN_BEN_BAN',
    ]);
    const later = extractDocumentPersons({
      lines: ['ĐẠI DIỆN BÊN A', 'Bế Văn Sửu', 'ĐẠI DIỆN BÊN B', 'Thào Thị Dua'],
      vocabulary: civil,
      typeCode: 'KHAC',
      context,
    });
    expect(sorted(later.persons)).toEqual(sorted(contract.persons));
  });

  it('gives the writer of a petition NGUOI_LAM_DON, plus BI_HAI when the writer suffered the offence', () => {
    const text = (subject: string) =>
      [
        'ĐƠN TRÌNH BÁO',
        `(V/v: ${subject})`,
        'Tôi tên là: Quàng Thị Sen, sinh năm 1975; nơi cư trú: bản Mường Mô.',
        'NGƯỜI LÀM ĐƠN',
        'Quàng Thị Sen',
      ].join('\n');
    const victim = run(text('Bị chiếm đoạt tài sản'), { typeCode: 'DON_TRINH_BAO' });
    expect(sorted(victim.persons)).toEqual(['Quàng Thị Sen|BI_HAI', 'Quàng Thị Sen|NGUOI_LAM_DON']);
    const reporter = run(text('Trình báo sự việc đánh nhau'), { typeCode: 'DON_TRINH_BAO' });
    expect(sorted(reporter.persons)).toEqual(['Quàng Thị Sen|NGUOI_LAM_DON']);
  });

  it('takes the declarant role of a self-declaration from its descriptor', () => {
    const result = extractDocumentPersons({
      lines: [
        'BẢN TỰ KHAI',
        'Tôi là: Tiêu Quang Vũ, sinh năm 1980; chức vụ: Phó Giám đốc, người đại diện theo',
        'pháp luật của Công ty Cổ phần Vận tải Sông Đà – nguyên đơn trong vụ án.',
        'NGƯỜI TỰ KHAI',
        'Tiêu Quang Vũ',
      ],
      vocabulary: civil,
      typeCode: 'BAN_TU_KHAI',
      title: 'BẢN TỰ KHAI',
      hasDeclarant: true,
    });
    expect(result.declarant).toEqual({ name: 'Tiêu Quang Vũ', role: 'NGUOI_DAI_DIEN_NGUYEN_DON' });
    expect(result.persons).toEqual([{ name: 'Tiêu Quang Vũ', role: 'NGUOI_DAI_DIEN_NGUYEN_DON' }]);
    expect(result.signer).toEqual({
      name: 'Tiêu Quang Vũ',
      title: 'NGƯỜI TỰ KHAI',
      authority: null,
    });
  });

  it('gives the subject of a form titled with a role ("LÝ LỊCH BỊ CAN") that role, not the parents', () => {
    const result = run(
      'Họ và tên: Giàng A Chử\nTên gọi khác: Không\nHọ tên bố: Giàng A Sính\nHọ tên mẹ: Thào Thị Mỷ',
      { title: 'LÝ LỊCH BỊ CAN' },
    );
    expect(result.persons).toEqual([{ name: 'Giàng A Chử', role: 'BI_CAN' }]);
  });

  it('does not read names that are only mentioned in the body or on a volume cover', () => {
    expect(
      run('Xét thấy Sầm Văn Tuyến đã có hành vi trộm cắp tài sản của ông Hứa Văn Lợi.').persons,
    ).toEqual([]);
    expect(
      run('HỒ SƠ VỤ ÁN\nBị can: Sầm Văn Tuyến\nĐiều tra viên: Lê Minh Khoa', {
        typeCode: 'BIA_HO_SO',
      }).persons,
    ).toEqual([]);
  });
});

describe('extractDocumentPersons: OCR noise and bad input', () => {
  it('reads labels and boxes without diacritics, with broken spacing and merged names', () => {
    const result = run(
      [
        'Bi can: Tran Van Hung, sinh nam 1988.',
        'Nguoi lam chung : ba Pham Thi Thu.',
        'Điềutra viên: NguyễnVăn Tâm.',
        'KIỂMSÁT VIÊN',
        'Ha Thi Lan',
        'KT.THU TRUONG',
        'PHO THU TRUONG',
        'Trung ta Do Van Binh',
      ].join('\n'),
    );
    expect(sorted(result.persons)).toEqual([
      'Do Van Binh|NGUOI_KY',
      'Ha Thi Lan|KIEM_SAT_VIEN',
      'Nguyễn Văn Tâm|DIEU_TRA_VIEN',
      'Pham Thi Thu|NGUOI_LAM_CHUNG',
      'Tran Van Hung|BI_CAN',
    ]);
    expect(result.signer).toEqual({
      name: 'Do Van Binh',
      title: 'PHO THU TRUONG',
      authority: 'KT.',
    });
  });

  it('splits signature boxes printed side by side that OCR reads as one title and one name line', () => {
    const result = run(
      [
        'Biên bản lập xong cùng ngày.',
        'NGƯỜI BỊBẮT NGƯỜI CHỨNGKIẾN ĐIỀUTRA VIÊN',
        '———ỄẼỄ',
        'Lò Văn Pấng Hứa Mỷ Tôn Thất Quang Huy',
      ].join('\n'),
    );
    expect(sorted(result.persons)).toEqual([
      'Hứa Mỷ|NGUOI_CHUNG_KIEN',
      'Lò Văn Pấng|NGUOI_BI_BAT',
      'Tôn Thất Quang Huy|DIEU_TRA_VIEN',
    ]);
    const sides = extractDocumentPersons({
      lines: ['ĐẠI DIỆN BÊN A ĐẠI DIỆN BÊN B', 'Bế Văn Sửu Thào Thị Dua'],
      vocabulary: civil,
      typeCode: 'KHAC',
      context: {
        sides: new Map([
          ['A', 'BEN MUA'],
          ['B', 'BEN BAN'],
        ]),
      },
    });
    expect(sorted(sides.persons)).toEqual([
      'Bế Văn Sửu|DAI_DIEN_BEN_MUA',
      'Thào Thị Dua|DAI_DIEN_BEN_BAN',
    ]);
  });

  it('finds the signer whose box OCR lost or merged into the "Nơi nhận" column', () => {
    const merged = run(
      [
        'Điều 3. Quyết định này có hiệu lực kể từ ngày ký.',
        'Nơi nhận: KT.VIỆN TRƯỞNG',
        '- Cơ quan điều tra; “',
        '- Lưu: HSVA. HO VIEN TRƯƠNG',
        'Mạc Thị Xuân',
      ].join('\n'),
    );
    expect(merged.persons).toEqual([{ name: 'Mạc Thị Xuân', role: 'NGUOI_KY' }]);
    expect(merged.signer).toEqual({ name: 'Mạc Thị Xuân', title: 'VIỆN TRƯỞNG', authority: 'KT.' });
    const ranked = run(
      'Giám thị Trại tạm giam có trách nhiệm thi hành Lệnh này.\nợng tá Sầm Văn Chiến _',
    );
    expect(ranked.signer?.name).toBe('Sầm Văn Chiến');
    const court = run('Nơi nhận: NHẨM PHÁN\n- Các đương sự;\n- Lưu: HSVA.\nKha Ngọc Mai');
    expect(court.persons).toEqual([{ name: 'Kha Ngọc Mai', role: 'THAM_PHAN' }]);
    // a name in the body of minutes is no signer
    expect(run('Hồi 08 giờ, ngày 02 tháng 3 năm 2020.\nKha Ngọc Mai').signer).toBeNull();
  });

  it('gives a ranked name under an approval box to the police signer, the next name to the procuracy', () => {
    const result = run(
      [
        'PHÊ CHUẨN CỦA VIỆN KIỂM SÁT',
        'Số: 08/VKS',
        'Ngày 03/05/2023',
        'Đại tá Nông Văn Dũng',
        '',
        'Mạc Thị Xuân',
      ].join('\n'),
    );
    expect(sorted(result.persons)).toEqual([
      'Mạc Thị Xuân|NGUOI_PHE_CHUAN',
      'Nông Văn Dũng|NGUOI_KY',
    ]);
    expect(result.signer?.name).toBe('Nông Văn Dũng');
  });

  it('returns empty results for no text, garbage and caps lines without names', () => {
    for (const lines of [
      [],
      [''],
      ['@@@ ### ~~~', '|||| 0O0O ....', ':::::', 'Bị can:'],
      ['QUYẾT ĐỊNH', 'KHỞI TỐ BỊ CAN', 'ĐIỀU TRA VIÊN', 'KIỂM SÁT VIÊN:'],
      ['x'.repeat(5000)],
    ]) {
      const result = extractDocumentPersons({
        lines,
        vocabulary: criminal,
        typeCode: 'KHAC',
        hasDeclarant: true,
      });
      expect(result).toEqual({ persons: [], signer: null, declarant: null });
    }
  });
});
