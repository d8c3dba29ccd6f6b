import { useRef, useState } from 'react';

/** Inline editing of a node's text: Enter saves, Shift+Enter breaks the line, Esc cancels. */
export function NodeTextEditor({
  initial,
  label,
  onDone,
}: {
  initial: string;
  label: string;
  onDone: (text: string | null) => void;
}) {
  const [text, setText] = useState(initial);
  const done = useRef(false);
  const finish = (value: string | null) => {
    if (!done.current) {
      done.current = true;
      onDone(value);
    }
  };
  return (
    <textarea
      className="map-node-input"
      aria-label={label}
      autoFocus
      value={text}
      maxLength={2000}
      onFocus={(e) => e.currentTarget.setSelectionRange(text.length, text.length)}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => finish(text)}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Enter' && !e.shiftKey) {
          e.preventDefault();
          finish(text);
        } else if (e.key === 'Escape') {
          e.preventDefault();
          finish(null);
        }
      }}
    />
  );
}
