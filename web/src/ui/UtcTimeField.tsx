import { INPUT, LABEL } from "./styles";

interface UtcTimeFieldProps {
  id: string;
  label: string;
  /** A datetime-local value, read as UTC ("2026-12-04T15:00"). */
  value: string;
  onChange: (value: string) => void;
}

/** A labelled date-time input whose value is UTC; the label says so. */
export function UtcTimeField({
  id,
  label,
  value,
  onChange,
}: UtcTimeFieldProps) {
  return (
    <div>
      <label htmlFor={id} className={LABEL}>
        {label} (UTC)
      </label>
      <input
        id={id}
        type="datetime-local"
        className={`${INPUT} mt-1`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}
