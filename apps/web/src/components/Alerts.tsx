/** Errors use role="alert" so they are announced at once; notices use the politer role="status". */
export function ErrorAlert({ lines }: { lines: string[] }) {
  if (lines.length === 0) {
    return null;
  }
  return (
    <div role="alert" className="alert alert-error">
      {lines.map((line, index) => (
        <p key={index}>{line}</p>
      ))}
    </div>
  );
}

export function Notice({ text }: { text: string }) {
  return (
    <div role="status" className="alert alert-notice">
      <p>{text}</p>
    </div>
  );
}
