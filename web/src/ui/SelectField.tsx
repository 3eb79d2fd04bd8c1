import { LABEL } from "./styles";

export const SELECT =
  "mt-1 rounded-md border border-slate-600 bg-slate-950 px-2 py-1.5 text-sm text-slate-100";

interface SelectFieldProps {
  id: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
  className?: string;
}

/** A labelled select of plain string options. */
export function SelectField(props: SelectFieldProps) {
  return (
    <div>
      <label htmlFor={props.id} className={LABEL}>
        {props.label}
      </label>
      <select
        id={props.id}
        className={`${SELECT} ${props.className ?? ""}`}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
