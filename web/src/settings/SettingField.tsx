import type { SettingInfo } from "../api/types";
import { INPUT, LABEL } from "../ui/styles";
import type { SettingValue } from "./draft";
import type { SettingsDraft } from "./useSettingsDraft";

interface SettingFieldProps {
  name: string;
  info: SettingInfo;
  value: SettingValue;
  onChange: (value: string | boolean) => void;
}

/** One setting as the right kind of input, with its description. */
export function SettingField({
  name,
  info,
  value,
  onChange,
}: SettingFieldProps) {
  const id = `setting-${name}`;
  const help = info.description ? (
    <p id={`${id}-help`} className="mt-0.5 text-xs text-slate-300">
      {info.description}
    </p>
  ) : null;
  if (info.type === "boolean") {
    return (
      <div>
        <label className="flex items-center gap-2 text-sm text-slate-100">
          <input
            id={id}
            type="checkbox"
            checked={Boolean(value)}
            aria-describedby={help ? `${id}-help` : undefined}
            onChange={(e) => onChange(e.target.checked)}
          />
          {name}
        </label>
        {help}
      </div>
    );
  }
  return (
    <div>
      <label htmlFor={id} className={LABEL}>
        {name}
      </label>
      <input
        id={id}
        type={
          info.secret ? "password" : info.type === "string" ? "text" : "number"
        }
        className={`${INPUT} mt-1`}
        value={value === null ? "" : String(value)}
        autoComplete="off"
        aria-describedby={help ? `${id}-help` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {help}
    </div>
  );
}

/** The settings named by `keys` as fields of the form `draft` edits. */
export function SettingFields({
  draft,
  keys,
  className,
}: {
  draft: SettingsDraft;
  keys: string[];
  className: string;
}) {
  return (
    <div className={className}>
      {keys.map((k) => (
        <SettingField
          key={k}
          name={k}
          info={draft.settings![k]!}
          value={draft.valueOf(k)}
          onChange={(v) => draft.change(k, v)}
        />
      ))}
    </div>
  );
}
