import { useEffect, useState } from 'react';
import { Field } from './field.tsx';
import { useDebouncedValue } from './use-debounced-value.ts';

/** A search field that reports its text once typing pauses. */
export function SearchBox({
  label,
  placeholder,
  value,
  onSearch,
  testId,
}: {
  label: string;
  placeholder?: string;
  value: string;
  onSearch: (text: string) => void;
  testId?: string;
}) {
  const [text, setText] = useState(value);
  const settled = useDebouncedValue(text);
  useEffect(() => {
    if (settled.trim() !== value) onSearch(settled.trim());
    // Only the settled text matters: onSearch is a new function on every render of the parent.
  }, [settled]);
  return (
    <Field label={label} className="field-grow">
      {(control) => (
        <input
          {...control}
          type="search"
          value={text}
          placeholder={placeholder}
          onChange={(e) => setText(e.target.value)}
          data-testid={testId}
        />
      )}
    </Field>
  );
}
