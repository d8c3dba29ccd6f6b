import { ROLE_LABELS, type Case, type SessionInfo, type User } from '@sohoa/contracts';
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../api.ts';
import { describeError } from '../errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { caseFormOf, toUpdateBody } from '../lib/case-form.ts';
import { canAssignCase, canEditCase, canImportCase } from '../lib/case-permissions.ts';
import type { useCaseData } from '../lib/use-case-data.ts';
import { ErrorAlert, Notice } from './Alerts.tsx';
import { CaseForm } from './CaseForm.tsx';
import { HearingsSection } from './HearingsSection.tsx';
import '../workspace.css';

type Data = ReturnType<typeof useCaseData>;

/** The case's record: edit its fields, its team (assignments), its volumes and their progress. */
export function CaseDetailsPanel({
  caseInfo,
  session,
  data,
  unitName,
  onUnauthorized,
}: {
  caseInfo: Case;
  session: SessionInfo;
  data: Data;
  unitName: string;
  onUnauthorized: (error: unknown) => boolean;
}) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const editable = canEditCase(session, caseInfo);
  return (
    <div className="details-layout">
      <section className="panel panel-full" aria-labelledby="details-title">
        <div className="panel-heading">
          <h2 id="details-title">{t('details.title')}</h2>
          {editable && !editing && (
            <button
              type="button"
              className="button-secondary"
              onClick={() => {
                setSaved(false);
                setEditing(true);
              }}
            >
              {t('details.edit')}
            </button>
          )}
        </div>
        {saved && <Notice text={t('details.saved')} />}
        {editing ? (
          <CaseForm
            initial={caseFormOf(caseInfo)}
            original={caseInfo}
            unitName={unitName}
            submitLabel={t('details.save')}
            onCancel={() => setEditing(false)}
            onSubmit={async (values) => {
              const body = toUpdateBody(values, caseInfo);
              if (Object.keys(body).length > 0) {
                try {
                  await api.updateCase(caseInfo.id, body);
                } catch (error) {
                  if (onUnauthorized(error)) {
                    return;
                  }
                  throw error;
                }
                await data.refresh(['case']);
              }
              setEditing(false);
              setSaved(true);
            }}
          />
        ) : (
          <CaseSummary caseInfo={caseInfo} />
        )}
      </section>
      <AssigneesSection
        caseInfo={caseInfo}
        session={session}
        data={data}
        onUnauthorized={onUnauthorized}
      />
      <VolumesSection
        caseInfo={caseInfo}
        session={session}
        data={data}
        onUnauthorized={onUnauthorized}
      />
      <HearingsSection caseInfo={caseInfo} session={session} onUnauthorized={onUnauthorized} />
    </div>
  );
}

function CaseSummary({ caseInfo }: { caseInfo: Case }) {
  const { t } = useI18n();
  return (
    <dl className="facts-list details-facts">
      <div>
        <dt>{t('caseForm.charges')}</dt>
        <dd>
          {caseInfo.charges.length === 0 ? (
            <span className="muted">{t('caseForm.noCharges')}</span>
          ) : (
            <ul className="plain-list">
              {caseInfo.charges.map((c, i) => (
                <li key={i}>
                  {c.name}
                  {c.article !== null &&
                    ` (${c.clause ? t('details.clause', { clause: c.clause }) + ' ' : ''}${t('details.article', { article: c.article })} ${c.law})`}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </div>
      <div>
        <dt>{t('caseForm.parties')}</dt>
        <dd>
          {caseInfo.parties.length === 0 ? (
            <span className="muted">{t('caseForm.noParties')}</span>
          ) : (
            <PartyList parties={caseInfo.parties} kind={caseInfo.kind} />
          )}
        </dd>
      </div>
    </dl>
  );
}

function PartyList({ parties, kind }: { parties: Case['parties']; kind: string }) {
  const { language } = useI18n();
  const [names, setNames] = useState<Map<string, { vi: string; en: string }>>(new Map());
  useEffect(() => {
    let cancelled = false;
    void import('../lib/party-roles.ts').then((m) => {
      if (!cancelled) {
        setNames(new Map(m.partyRoleOptions(kind).map((r) => [r.code, r.name])));
      }
    });
    return () => {
      cancelled = true;
    };
  }, [kind]);
  return (
    <ul className="plain-list">
      {parties.map((p, i) => (
        <li key={i}>
          {p.fullName} — {names.get(p.roleCode)?.[language] ?? p.roleCode}
        </li>
      ))}
    </ul>
  );
}

/** Who works on the case. The API keeps a plain list of assignees (no role per assignment). */
function AssigneesSection({
  caseInfo,
  session,
  data,
  onUnauthorized,
}: {
  caseInfo: Case;
  session: SessionInfo;
  data: Data;
  onUnauthorized: (error: unknown) => boolean;
}) {
  const { language, t } = useI18n();
  const [users, setUsers] = useState<User[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [choice, setChoice] = useState('');
  const [busy, setBusy] = useState(false);
  const mayAssign = canAssignCase(session, caseInfo);

  useEffect(() => {
    let cancelled = false;
    api.listUsers({ unitId: caseInfo.unitId }).then(
      (r) => !cancelled && setUsers(r.users),
      (e: unknown) => {
        if (!cancelled && !onUnauthorized(e)) {
          setLoadError(e);
          setUsers([]);
        }
      },
    );
    return () => {
      cancelled = true;
    };
  }, [caseInfo.unitId, onUnauthorized]);

  const byId = new Map((users ?? []).map((u) => [u.id, u]));
  const candidates = (users ?? []).filter(
    (u) => u.status === 'ACTIVE' && !caseInfo.assigneeIds.includes(u.id),
  );

  async function save(assigneeIds: string[]) {
    setBusy(true);
    setError(null);
    try {
      await api.assignCase(caseInfo.id, assigneeIds);
      await data.refresh(['case']);
      setChoice('');
    } catch (e) {
      if (!onUnauthorized(e)) {
        setError(e);
      }
    } finally {
      setBusy(false);
    }
  }
  const onAdd = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (choice && !busy) {
      void save([...caseInfo.assigneeIds, choice]);
    }
  };
  const roles = (u: User) => u.roles.map((r) => ROLE_LABELS[r][language]).join(', ');

  return (
    <section className="panel panel-full" aria-labelledby="assignees-title">
      <h2 id="assignees-title">{t('details.assignees', { n: caseInfo.assigneeIds.length })}</h2>
      <ErrorAlert lines={loadError ? describeError(loadError, t) : []} />
      <ErrorAlert lines={error ? describeError(error, t) : []} />
      {caseInfo.assigneeIds.length === 0 ? (
        <p className="muted">{t('details.noAssignees')}</p>
      ) : (
        <ul className="assignee-list" aria-labelledby="assignees-title">
          {caseInfo.assigneeIds.map((id) => {
            const user = byId.get(id);
            const name = user ? user.fullName : id;
            return (
              <li key={id}>
                <span>
                  <strong>{name}</strong>
                  {user && (
                    <span className="muted">
                      {' '}
                      · {user.username} · {roles(user)}
                    </span>
                  )}
                  {id === session.user.id && (
                    <span className="mark mark-info">{t('details.you')}</span>
                  )}
                </span>
                {mayAssign && (
                  <button
                    type="button"
                    className="button-small"
                    aria-disabled={busy}
                    aria-label={t('details.unassignUser', { name })}
                    onClick={() => !busy && void save(caseInfo.assigneeIds.filter((x) => x !== id))}
                  >
                    {t('details.unassign')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {mayAssign ? (
        <form className="inline-form assign-form" onSubmit={onAdd}>
          <div className="field">
            <label htmlFor="assign-user">{t('details.assignLabel')}</label>
            <select
              id="assign-user"
              value={choice}
              disabled={users === null}
              onChange={(e) => setChoice(e.target.value)}
            >
              <option value="">
                {users === null
                  ? t('app.loading')
                  : candidates.length === 0
                    ? t('details.noCandidates')
                    : t('details.chooseUser')}
              </option>
              {candidates.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.fullName} ({u.username}) — {roles(u)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button-primary" aria-disabled={busy || !choice}>
            {t('details.assign')}
          </button>
        </form>
      ) : (
        <p className="muted">{t('details.cannotAssign')}</p>
      )}
    </section>
  );
}

/** Volumes with their live processing progress (server-sent events), and adding a volume. */
function VolumesSection({
  caseInfo,
  session,
  data,
  onUnauthorized,
}: {
  caseInfo: Case;
  session: SessionInfo;
  data: Data;
  onUnauthorized: (error: unknown) => boolean;
}) {
  const { t } = useI18n();
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const progressOf = (n: number) => data.progress?.volumes.find((v) => v.volume === n) ?? null;

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.createVolume(caseInfo.id, { title: title.trim() || null });
      setTitle('');
      await data.refresh(['volumes']);
    } catch (e) {
      if (!onUnauthorized(e)) {
        setError(e);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel panel-full" aria-labelledby="volumes-title">
      <h2 id="volumes-title">{t('details.volumes', { n: data.volumes.length })}</h2>
      <ErrorAlert lines={error ? describeError(error, t) : []} />
      {data.volumes.length === 0 ? (
        <p className="muted">{t('details.noVolumes')}</p>
      ) : (
        <table className="volumes-table">
          <thead>
            <tr>
              <th scope="col">{t('import.colVolume')}</th>
              <th scope="col">{t('details.volumeTitle')}</th>
              <th scope="col">{t('details.volumePages')}</th>
              <th scope="col">{t('details.volumeProgress')}</th>
            </tr>
          </thead>
          <tbody>
            {data.volumes.map((v) => {
              const p = progressOf(v.number);
              const total = p ? Math.max(p.expectedPages, p.pages) : 0;
              return (
                <tr key={v.id}>
                  <td>{t('import.volume', { n: v.number })}</td>
                  <td>{v.title ?? <span className="muted">—</span>}</td>
                  <td>{total}</td>
                  <td>
                    {p && total > 0 ? (
                      <div className="volume-progress">
                        <progress
                          max={Math.max(1, total)}
                          value={p.done + p.failed}
                          aria-label={t('import.volumeProgress', { n: v.number })}
                        />
                        <span>
                          {t('import.volumeStats', { done: p.done, total })}
                          {p.failed > 0 && (
                            <strong className="text-error">
                              {' '}
                              · {t('import.pagesFailed', { n: p.failed })}
                            </strong>
                          )}
                          {p.pending === 0 && p.splitting === 0 && p.done + p.failed >= total && (
                            <> · {t('import.finished')}</>
                          )}
                        </span>
                      </div>
                    ) : (
                      <span className="muted">{t('details.volumeEmpty')}</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {canImportCase(session, caseInfo) && (
        <form className="inline-form" onSubmit={(e) => void add(e)}>
          <div className="field">
            <label htmlFor="volume-title">{t('details.newVolumeTitle')}</label>
            <input
              id="volume-title"
              value={title}
              maxLength={300}
              onChange={(e) => setTitle(e.target.value)}
            />
          </div>
          <button type="submit" className="button-secondary" aria-disabled={busy}>
            + {t('details.addVolume')}
          </button>
        </form>
      )}
    </section>
  );
}
