import { createError } from '../shared/errors/errors.ts';

/*
 * Backup errors reach operators through the CLI (and the admin API), so each message says the
 * problem in Vietnamese and English, and names the file at fault.
 */

export const createBackupNotFoundError = ({ dir }: { dir: string }) =>
  createError({
    code: 'backup.not_found',
    message: `Không tìm thấy bản sao lưu hoàn chỉnh (manifest.json) trong ${dir} / No complete backup (manifest.json) in ${dir}`,
    details: { dir },
  });

export const createBackupCorruptError = ({
  problems,
}: {
  problems: Array<{ file: string; problem: string }>;
}) =>
  createError({
    code: 'backup.corrupt',
    message: `Bản sao lưu bị hỏng hoặc bị sửa / The backup is damaged or was altered: ${problems
      .slice(0, 5)
      .map((p) => `${p.file} (${p.problem})`)
      .join('; ')}${problems.length > 5 ? ` … +${problems.length - 5}` : ''}`,
    details: { problems },
  });

export const createRestoreTargetNotEmptyError = () =>
  createError({
    code: 'backup.restore_target_not_empty',
    message:
      'Cơ sở dữ liệu đích đã có dữ liệu; chỉ khôi phục vào cơ sở dữ liệu trống / The target database already holds data; restore only into an empty one',
  });

export const createBackupNewerSchemaError = ({ unknown }: { unknown: string[] }) =>
  createError({
    code: 'backup.newer_schema',
    message: `Bản sao lưu từ phiên bản sohoa mới hơn (migration lạ: ${unknown.join(', ')}) / The backup comes from a newer sohoa (unknown migrations: ${unknown.join(', ')})`,
    details: { unknown },
  });

export const createBackupIncompleteError = ({ dir, running }: { dir: string; running: boolean }) =>
  createError({
    code: 'backup.incomplete',
    message: running
      ? `Bản sao lưu ${dir} đang được ghi (chưa có manifest.json); chờ lệnh sao lưu kết thúc / Backup ${dir} is still being written (no manifest.json yet); wait for the backup to finish`
      : `Bản sao lưu ${dir} KHÔNG hoàn chỉnh: bị ngắt trước khi ghi manifest.json, không dùng được để khôi phục; lần chạy "sohoa backup" tiếp theo sẽ xóa nó / Backup ${dir} is INCOMPLETE: it was interrupted before manifest.json was written and cannot be restored; the next "sohoa backup" removes it`,
    details: { dir, running },
  });
