import { useId } from 'react';
import type { ComponentPropsWithRef, ReactNode } from 'react';

interface FieldFrame {
  label: string;
  hint?: string | undefined;
  /** Shown under the control and announced with it (aria-describedby + aria-invalid). */
  error?: string | null | undefined;
}

/** Wires a real <label>, the hint and the error to the control by id, for screen readers. */
function FieldFrame({
  label,
  hint,
  error,
  children,
}: FieldFrame & { children: (ids: { id: string; describedBy: string | undefined }) => ReactNode }) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, describedBy })}
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

export function TextField({
  label,
  hint,
  error,
  ...input
}: FieldFrame & Omit<ComponentPropsWithRef<'input'>, 'id'>) {
  return (
    <FieldFrame label={label} hint={hint} error={error}>
      {({ id, describedBy }) => (
        <input
          {...input}
          id={id}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
        />
      )}
    </FieldFrame>
  );
}

export function SelectField({
  label,
  hint,
  error,
  children,
  ...select
}: FieldFrame & Omit<ComponentPropsWithRef<'select'>, 'id'>) {
  return (
    <FieldFrame label={label} hint={hint} error={error}>
      {({ id, describedBy }) => (
        <select
          {...select}
          id={id}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
        >
          {children}
        </select>
      )}
    </FieldFrame>
  );
}
